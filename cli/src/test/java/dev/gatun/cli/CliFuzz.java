package dev.gatun.cli;

import dev.gatun.checkpoint.Checkpoint;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.cli.models.CharModels;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Runs the {@code gatun} commands in-process with generated bad arguments and files: FIFOs,
 * directories, empty, truncated and huge-claiming files, symbolic and hard links to the inputs,
 * NaN and infinite numbers, huge sizes, outputs that cannot be written or that are inputs. For
 * every invocation: no hang (each runs on a worker thread with a deadline; a hang ends this JVM
 * with a report), an exit code of 1 or 2 whenever a bad value was given, standard error one line
 * "gatun: ..." (plus picocli's "Try ..." hint) without a stack trace or a bare exception name, no
 * file changed that was not an output, no temporary or partial output left (every output there
 * parses as JSON, PNG or safetensors). A JVM crash shows as the fork's exit code in
 * {@link CliFuzzTest}. Prints {@code cli fuzz ok: N invocations, ...} last.
 *
 * <p>Usage: {@code CliFuzz SEED INVOCATIONS}.
 */
public final class CliFuzz {
    private static final long DEADLINE_SECONDS = 60;

    private final Random rnd;
    private final Path root;   // inputs: fixtures that must never change
    private final Path out;    // outputs of one invocation, emptied after each
    private final Map<String, Integer> exitCodes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    private CliFuzz(long seed, Path root) {
        this.rnd = new Random(seed);
        this.root = root;
        this.out = root.resolve("out");
    }

    /** One value of an option: whether it is bad on its own, and whether it names an output file. */
    private record Value(String text, boolean bad) {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        long seed = Long.parseLong(args[0]);
        int n = Integer.parseInt(args[1]);
        Path root = Files.createTempDirectory("gatun-cli-fuzz");
        CliFuzz fuzz = new CliFuzz(seed, root);
        fuzz.fixtures();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cli-fuzz");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            fuzz.invocation(i, worker);
        }
        fuzz.deleteTree(root);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!fuzz.failures.isEmpty()) {
            fuzz.failures.stream().limit(30).forEach(System.out::println);
            System.out.println("cli fuzz FAILED: " + fuzz.failures.size() + " of " + n + " invocations");
            System.exit(1);
        }
        System.out.printf("cli fuzz ok: %d invocations, 0 crashes, 0 hangs, exit codes %s, %.0f s%n", n,
                fuzz.exitCodes, seconds);
        System.exit(0);
    }

    // ---- fixtures ----------------------------------------------------------------------------------------------

    private void fixtures() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7).append(',').append(i % 5 * 0.5).append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        Files.writeString(root.resolve("d.csv"), csv);
        Files.writeString(root.resolve("empty.csv"), "");
        Files.writeString(root.resolve("header.csv"), "a,b,label\n");
        Files.writeString(root.resolve("nan.csv"), "a,b,label\n1,NaN,0\n2,3,1\n4,Infinity,0\n5,1,1\n");
        Files.writeString(root.resolve("ragged.csv"), "a,b,label\n1,2\n3,4,1,9\n");
        Files.write(root.resolve("binary.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, '\n'});
        Files.writeString(root.resolve("t.txt"), "the quick brown fox jumps over the lazy dog. ".repeat(4));
        Files.write(root.resolve("latin1.txt"), new byte[] {'a', (byte) 0xe9, 'b'});
        Files.createDirectories(root.resolve("dir"));
        mkfifo(root.resolve("fifo"));
        mkfifo(root.resolve("fifo.csv"));
        mkfifo(root.resolve("fifo.txt"));
        Files.createSymbolicLink(root.resolve("link.csv"), root.resolve("d.csv"));
        Files.createLink(root.resolve("hard.csv"), root.resolve("d.csv"));
        Files.createSymbolicLink(root.resolve("dangling.csv"), root.resolve("nothing-here.csv"));
        CharModels.Spec spec = new CharModels.Spec("transformer", new int[] {16}, 8, " .abcdefghijklmnopqrstuvwxyz"
                .codePoints().toArray());
        try (Module m = CharModels.build(spec, 0f, new Rng(1))) {
            Checkpoint.save(root.resolve("lm.safetensors"), m, null, spec.metadata());
            Map<String, String> huge = new LinkedHashMap<>(spec.metadata());
            huge.put("gatun.char.hidden", "1600000");
            Checkpoint.save(root.resolve("huge-meta.safetensors"), m, null, huge);
            Map<String, String> cnn = new LinkedHashMap<>(spec.metadata());
            cnn.put("gatun.cnn.side", "28000");
            cnn.put("gatun.cnn.hidden", "16,32");
            cnn.put("gatun.cnn.outputs", "10");
            Checkpoint.save(root.resolve("cnn-meta.safetensors"), m, null, cnn);
        }
        byte[] lm = Files.readAllBytes(root.resolve("lm.safetensors"));
        Files.write(root.resolve("truncated.safetensors"), java.util.Arrays.copyOf(lm, lm.length / 2));
        Files.write(root.resolve("empty.safetensors"), new byte[0]);
        byte[] badHeader = lm.clone();
        ByteBuffer.wrap(badHeader).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        Files.write(root.resolve("bad-header.safetensors"), badHeader);
        // MNIST-format folders: one whose image file claims 2^31 - 1 bytes in 16, one with a label out of range.
        Path claims = Files.createDirectories(root.resolve("mnist-claims"));
        Path labels = Files.createDirectories(root.resolve("mnist-labels"));
        for (Path d : List.of(claims, labels)) {
            for (String split : List.of("train", "t10k")) {
                boolean lying = d == claims;
                Files.write(d.resolve(split + "-images-idx3-ubyte"), lying ? idx(new int[] {1, 46340, 46340}, 0)
                        : idx(new int[] {2, 4, 4}, 32));
                Files.write(d.resolve(split + "-labels-idx1-ubyte"), d == labels ? idxBytes(new int[] {2}, 3, 200)
                        : idx(new int[] {2}, 2));
            }
        }
        Files.createDirectories(out);
    }

    private static byte[] idx(int[] dims, int values) {
        return idxBytes(dims, new byte[values]);
    }

    private static byte[] idxBytes(int[] dims, int... values) {
        byte[] v = new byte[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) values[i];
        }
        return idxBytes(dims, v);
    }

    private static byte[] idxBytes(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length).putInt(0x0800 | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    private static void mkfifo(Path p) throws Exception {
        if (new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor() != 0) {
            throw new IOException("mkfifo " + p + " failed");
        }
    }

    // ---- generated arguments ---------------------------------------------------------------------------------

    private Value pick(List<Value> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    private static Value good(String s) {
        return new Value(s, false);
    }

    private static Value bad(String s) {
        return new Value(s, true);
    }

    private static final List<String> BAD_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "-1", "1e39", "-1e39",
            "2147483647", "-2147483648", "99999999999", "", "abc", "0x10", "1,2", "--");
    private static final List<String> BAD_INTS = List.of("0", "-1", "2147483647", "-2147483648", "2000000000",
            "99999999999", "NaN", "1.5", "", "x");

    /** A number; {@code unbounded}: large finite values are valid (penalties, temperature), not bad. */
    private Value number(String good, boolean unbounded) {
        return number(good, unbounded, false);
    }

    /** {@code isDouble}: 1e39 is finite as a double (a float option reads it as infinity). */
    private Value number(String good, boolean unbounded, boolean isDouble) {
        if (rnd.nextInt(3) == 0) {
            return good(good);
        }
        String b = BAD_NUMBERS.get(rnd.nextInt(BAD_NUMBERS.size()));
        boolean largeFinite = b.equals("2147483647") || b.equals("99999999999") || isDouble && b.equals("1e39");
        return unbounded && largeFinite ? good(b) : bad(b);
    }

    private Value integer(String good) {
        return rnd.nextInt(3) == 0 ? good(good) : bad(BAD_INTS.get(rnd.nextInt(BAD_INTS.size())));
    }

    /** An input file: mostly bad ones. */
    private Value input(List<String> goodOnes) {
        List<Value> v = new ArrayList<>();
        goodOnes.forEach(g -> v.add(good(abs(g))));
        for (String b : List.of("fifo", "fifo.csv", "fifo.txt", "dir", "empty.csv", "header.csv", "ragged.csv",
                "binary.csv", "nan.csv", "latin1.txt", "dangling.csv", "missing.csv", "truncated.safetensors",
                "empty.safetensors", "bad-header.safetensors", "huge-meta.safetensors", "cnn-meta.safetensors",
                "mnist-claims", "mnist-labels", "/dev/zero", "/dev/null", "/proc/self/status", "dir/../fifo")) {
            v.add(bad(b.startsWith("/") ? b : abs(b)));
        }
        return pick(v);
    }

    /** An output file: a fresh one (good), or one that cannot be written or is an input (bad). */
    private Value output(String ext, List<String> inputs) {
        int k = rnd.nextInt(10);
        if (k < 4) {
            return good(out.resolve("o" + rnd.nextInt(3) + ext).toString()); // may repeat: two outputs, one file
        }
        if (k == 4) {
            return good(out.resolve("new/sub/o" + ext).toString());
        }
        List<String> bad = new ArrayList<>(List.of(abs("dir"), abs("fifo"), abs("d.csv") + "/x" + ext,
                "/proc/o" + ext, "/dev/null", abs("."), "/", abs("dir") + "/"));
        bad.addAll(inputs);
        return bad(pick(bad.stream().map(CliFuzz::good).toList()).text());
    }

    private String abs(String name) {
        return root.resolve(name).toString();
    }

    private static final class Args {
        final List<String> list = new ArrayList<>();
        final List<Path> outputs = new ArrayList<>();
        boolean bad;

        Args add(String option, Value v) {
            list.add(option);
            list.add(v.text());
            bad |= v.bad();
            return this;
        }
    }

    private Args generate() {
        Args a = new Args();
        switch (rnd.nextInt(5)) {
            case 0, 1 -> train(a, "train");
            case 2 -> train(a, "sweep");
            case 3 -> {
                a.list.add("generate");
                Value model = input(List.of("lm.safetensors"));
                a.add("--model", model);
                a.add("--prompt", rnd.nextInt(5) == 0 ? bad("€") : good("the "));
                if (rnd.nextBoolean()) a.add("--tokens", integer("5"));
                if (rnd.nextBoolean()) a.add("--temperature", number("0.5", true, true));
                if (rnd.nextInt(4) == 0) a.add("--seed", rnd.nextBoolean() ? good("3") : bad("NaN"));
                if (!a.bad && !a.list.contains("--tokens")) a.add("--tokens", good("5"));
            }
            default -> {
                a.list.add("explain");
                Value model = input(List.of());
                a.add("--model", model);
                Value png = output(".png", List.of(model.text()));
                a.add("--out", png);
                a.outputs.add(Path.of(png.text()));
                if (rnd.nextBoolean()) a.add("--data", rnd.nextBoolean() ? input(List.of()) : good("glyphs"));
                if (rnd.nextBoolean()) a.add("--index", integer("1"));
            }
        }
        return a;
    }

    private void train(Args a, String command) {
        a.list.add(command);
        List<String> models = command.equals("sweep") ? List.of("mlp") : List.of("mlp", "perceptron", "logreg");
        boolean text = command.equals("train") && rnd.nextInt(4) == 0;
        a.list.add(text ? pick(List.of(good("lstm"), good("transformer"))).text()
                : rnd.nextInt(15) == 0 ? bad("nosuchmodel").text() : models.get(rnd.nextInt(models.size())));
        a.bad |= a.list.getLast().equals("nosuchmodel");
        Value data = text ? pick(List.of(bad(abs("fifo.txt")), bad(abs("latin1.txt")), bad(abs("t.txt")),
                bad(abs("missing.txt")), bad(abs("dir") + "/x.txt"))) // t.txt is too short for the default windows
                : rnd.nextBoolean() ? input(List.of("d.csv", "link.csv", "hard.csv")) : good("xor");
        a.add("--data", data);
        a.add("--epochs", rnd.nextInt(3) == 0 ? integer("1") : good("1"));
        // Outputs that are this command's input, however spelled (any other fixture would be a legitimate output).
        boolean csv = data.text().equals(abs("d.csv")) || data.text().equals(abs("link.csv"))
                || data.text().equals(abs("hard.csv"));
        List<String> inputs = csv ? List.of(data.text(), abs("d.csv"), abs("link.csv"), abs("hard.csv"),
                root + "/./d.csv", root + "/dir/../d.csv") : List.of();
        String[] numeric = {"--lr", "--l1", "--l2", "--dropout", "--val-fraction"};
        String[] goodNumber = {"0.05", "0", "0.001", "0.1", "0.25"};
        for (int i = 0; i < numeric.length; i++) {
            if (rnd.nextInt(4) == 0) a.add(numeric[i], number(goodNumber[i], numeric[i].startsWith("--l")
                    && !numeric[i].equals("--lr")));
        }
        if (rnd.nextInt(4) == 0) a.add("--batch", integer("8"));
        if (rnd.nextInt(8) == 0) { // bounded by Backends.checkThreads since issue 16 #1
            a.add("--threads", pick(List.of(good("1"), bad("0"), bad("-1"), bad("10000"), bad("2147483647"))));
        }
        if (rnd.nextInt(5) == 0) a.add("--patience", rnd.nextBoolean() ? good("0") : bad("-1"));
        if (rnd.nextInt(3) == 0) {
            a.add("--hidden", pick(List.of(good("4"), good("4,4"), bad("2000000000"), bad("60000,60000"), bad("0"),
                    bad("-3"), bad("4,,4"), bad("NaN"), bad("65536,65536"))));
        }
        if (rnd.nextInt(6) == 0) { // a label column only matters for a CSV file
            Value label = pick(List.of(good("label"), bad("7"), bad("-1"), bad("nope")));
            a.add("--label", csv ? label : good(label.text()));
        }
        for (String[] o : new String[][] {{"--save", ".safetensors"}, {"--json", ".json"}, {"--plot", ".png"}}) {
            if (rnd.nextInt(3) == 0) {
                Value v = output(o[1], inputs);
                a.add(o[0], v);
                a.outputs.add(Path.of(v.text()));
            }
        }
    }

    // ---- one invocation ----------------------------------------------------------------------------------------

    private void invocation(int i, ExecutorService worker) throws Exception {
        Args a = generate();
        String line = String.join(" ", a.list);
        Map<Path, String> before = snapshot();
        StringWriter err = new StringWriter();
        Future<Integer> run = worker.submit(() -> {
            picocli.CommandLine cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(new StringWriter(), true));
            cmd.setErr(new PrintWriter(err, true));
            return cmd.execute(a.list.toArray(String[]::new));
        });
        int code;
        try {
            code = run.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println("HANG (" + DEADLINE_SECONDS + " s) at invocation " + i + ": gatun " + line);
            System.out.println("cli fuzz FAILED: a hang");
            System.out.flush();
            Runtime.getRuntime().halt(3); // the worker cannot be interrupted out of a blocking open
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            failures.add("#" + i + " gatun " + line + "\n  threw out of execute: " + e.getCause());
            return;
        }
        exitCodes.merge(Integer.toString(code), 1, Integer::sum);
        String problem = judge(a, code, err.toString(), before);
        if (problem != null) {
            failures.add("#" + i + " gatun " + line + "\n  " + problem);
        }
        deleteTree(out);
        Files.createDirectories(out);
    }

    /** What is wrong with one invocation's outcome, or null. */
    private String judge(Args a, int code, String err, Map<Path, String> before) throws IOException {
        if (a.bad && code == 0) {
            return "exit code 0 for a bad value";
        }
        if (code != 0 && code != 1 && code != 2) {
            return "exit code " + code;
        }
        List<String> lines = err.lines().filter(l -> !l.startsWith("Try '") && !l.startsWith("Did you mean")
                && !l.startsWith("Possible solutions")).toList();
        if (code != 0) {
            if (lines.size() != 1 || !lines.getFirst().startsWith("gatun: ")) {
                return "not one line: " + err.strip();
            }
            String m = lines.getFirst().substring(7);
            if (m.isBlank() || m.equals("null") || m.startsWith("java.") || m.contains("Exception:")
                    || m.contains("\tat ") || m.matches("-?\\d+")) {
                return "unclear message: " + lines.getFirst();
            }
        } else if (err.contains("\tat ") || err.contains("Exception")) {
            return "stack trace on success: " + err;
        }
        Map<Path, String> after = snapshot();
        for (Map.Entry<Path, String> e : before.entrySet()) {
            if (!e.getValue().equals(after.get(e.getKey()))) {
                return "input changed: " + e.getKey() + " (" + e.getValue() + " -> " + after.get(e.getKey()) + ")";
            }
        }
        for (Path p : after.keySet()) {
            if (before.containsKey(p)) {
                continue;
            }
            String name = p.getFileName().toString();
            if (name.endsWith(".tmp") || name.startsWith(".")) {
                return "temporary file left: " + p;
            }
            if (!p.startsWith(out)) {
                return "file created outside the outputs: " + p;
            }
            if (Files.isRegularFile(p) && !a.outputs.contains(p)) {
                return "file created that is no output: " + p;
            }
            if (Files.isRegularFile(p)) {
                String partial = complete(p);
                if (partial != null) {
                    return "partial output " + p + ": " + partial;
                }
            }
        }
        return null;
    }

    /** Null when the output is whole: JSON balanced, a PNG that decodes, a safetensors file that opens. */
    private static String complete(Path p) {
        try {
            String name = p.getFileName().toString();
            if (name.endsWith(".json")) {
                String s = Files.readString(p).strip();
                return s.startsWith("{") && s.endsWith("}") ? null : "not a whole JSON object";
            }
            if (name.endsWith(".png")) {
                return ImageIO.read(p.toFile()) != null ? null : "not a PNG";
            }
            if (name.endsWith(".safetensors")) {
                try (SafetensorsFile f = SafetensorsFile.open(p)) {
                    return f.entries().isEmpty() ? "no tensors" : null;
                }
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Every path under the fixtures (outputs excluded) with its type, size and content hash (regular files only). */
    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String kind = a.isSymbolicLink() ? "link->" + Files.readSymbolicLink(p)
                        : a.isDirectory() ? "dir" : a.isOther() ? "other" : "file " + a.size() + " " + hash(p);
                m.put(p, kind);
            }
        }
        m.keySet().removeIf(p -> p.startsWith(out) && !p.equals(out));
        Map<Path, String> outputs = new TreeMap<>();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.toList()) {
                outputs.put(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file");
            }
        }
        outputs.remove(out);
        // Outputs are compared separately by judge: only new paths there are checked.
        m.putAll(outputs.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> "out " + e.getValue())));
        return m;
    }

    private static String hash(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
