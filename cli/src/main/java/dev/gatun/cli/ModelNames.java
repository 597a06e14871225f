package dev.gatun.cli;

import dev.gatun.cli.models.Models;
import java.util.Iterator;

/** The registered model names, for picocli's help and completion. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Models.names().iterator();
    }
}
