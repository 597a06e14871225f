package dev.gatun.ffi;

/**
 * Main class of the child JVMs in {@link NativeLoaderTest#twoJvmsStartingTogetherOnAnEmptyCacheBothLoad}:
 * waits for the shared start time so both extract at once, loads both libraries, calls one
 * function in each and prints {@code OK}.
 */
public final class LoaderChild {
    private LoaderChild() {}

    public static void main(String[] args) throws InterruptedException {
        long start = Long.parseLong(args[0]);
        Thread.sleep(Math.max(0, start - System.currentTimeMillis()));
        for (NativeLibrary library : new NativeLibrary[] {NativeLibrary.OPENBLAS, NativeLibrary.DNNL}) {
            if (!library.isAvailable()) {
                System.out.println("FAILED " + library.failureReason());
                System.exit(1);
            }
        }
        System.out.println(NativeVersions.openblas() + " | oneDNN " + NativeVersions.dnnl()
                + " | " + NativeLibrary.OPENBLAS.loadedFrom().orElseThrow());
        System.out.println("OK");
    }
}
