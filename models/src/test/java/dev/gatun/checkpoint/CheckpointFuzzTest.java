package dev.gatun.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.nn.Sequential;
import dev.gatun.optim.Adam;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand damaged copies of a good checkpoint (bytes flipped in the header or the data,
 * cut at any length, a garbage header length): each either loads (damage inside float data is
 * undetectable without a checksum, and PyTorch would load it too) or fails with a
 * {@link CheckpointException} naming the file, and a failed load leaves model and optimizer
 * exactly as they were. Nothing else is ever thrown.
 */
class CheckpointFuzzTest {
    private static final int CASES = 1000;

    @TempDir
    Path dir;

    @Test
    void damagedFilesLoadOrFailCleanly() throws IOException {
        try (Sequential model = CheckpointTest.model(1)) {
            Adam adam = new Adam(model.parameters(), 0.01f);
            CheckpointTest.trainSteps(model, adam, 1, 3);
            Path good = dir.resolve("good.safetensors");
            Checkpoint.save(good, model, adam);
            byte[] original = Files.readAllBytes(good);
            int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(original).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            Map<String, float[]> before = snapshot(model, adam);
            Rng rng = new Rng(2024);
            Path bad = dir.resolve("bad.safetensors");
            int rejected = 0;
            for (int i = 0; i < CASES; i++) {
                byte[] damaged = damage(original, headerEnd, rng);
                Files.write(bad, damaged);
                try {
                    Checkpoint.load(bad, model, adam);
                    before = snapshot(model, adam); // a load that passes is a legitimate new state
                } catch (CheckpointException e) {
                    rejected++;
                    assertEquals(bad, e.file());
                    assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
                    Map<String, float[]> after = snapshot(model, adam);
                    for (Map.Entry<String, float[]> t : before.entrySet()) {
                        assertArrayEquals(t.getValue(), after.get(t.getKey()), "case " + i + ": " + t.getKey() + " changed");
                    }
                }
            }
            assertTrue(rejected > CASES / 2, "most damage is detected: " + rejected + " of " + CASES);
        }
    }

    private static byte[] damage(byte[] original, int headerEnd, Rng rng) {
        byte[] b = original.clone();
        switch (rng.nextInt(4)) {
            case 0 -> { // flip bytes of the header (JSON text)
                for (int k = 0, n = 1 + rng.nextInt(3); k < n; k++) {
                    b[8 + rng.nextInt(headerEnd - 8)] ^= (byte) (1 + rng.nextInt(255));
                }
            }
            case 1 -> { // flip a byte anywhere
                b[rng.nextInt(b.length)] ^= (byte) (1 + rng.nextInt(255));
            }
            case 2 -> { // cut the file
                return Arrays.copyOf(b, rng.nextInt(b.length));
            }
            default -> { // a garbage header length
                long n = rng.nextInt(3) == 0 ? rng.nextInt(headerEnd + 64) : ((long) rng.nextInt(Integer.MAX_VALUE) << 20) ^ rng.nextInt(1 << 20);
                java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0, n);
            }
        }
        return b;
    }

    private static Map<String, float[]> snapshot(Sequential model, Adam adam) {
        Map<String, float[]> s = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> s.put(name, t.toArray()));
        for (int i = 0; i < adam.parameters().size(); i++) {
            int p = i;
            adam.state(i).forEach((key, t) -> s.put("adam." + p + "." + key, t.toArray()));
        }
        s.put("lr", new float[] {adam.learningRate()});
        return s;
    }
}
