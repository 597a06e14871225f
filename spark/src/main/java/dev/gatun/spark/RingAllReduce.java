package dev.gatun.spark;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sums (or averages) a float array across K processes over TCP with the ring algorithm: a
 * reduce-scatter (K - 1 steps, each process adds the chunk its left neighbour sends to its own)
 * then an all-gather (K - 1 steps, the reduced chunks go round), so every process sends and
 * receives 2 (K - 1) / K of the array per call, whatever K is: the bandwidth-optimal exchange
 * Horovod and NCCL use. Nothing here knows Spark: a process needs its rank, the K addresses and
 * its own listening socket (a Spark barrier task gets them from {@code allGather}).
 *
 * <p>Each process connects to its right neighbour and accepts its left one. A step sends on a
 * writer thread while the caller receives, so two neighbours sending large chunks to each other
 * never wait on each other's full socket buffers. Every read and connect has a timeout; a peer
 * that dies or stalls fails the call with a {@link CollectiveException} naming the rank, the peer
 * and its address, never a hang. Each message carries the call's sequence number and the chunk's
 * length, so processes that fell out of step (a different array length, a skipped call) fail
 * loudly instead of adding the wrong numbers.
 */
public final class RingAllReduce implements Closeable {
    private final int rank;
    private final int size;
    private final List<InetSocketAddress> addresses;
    private final int timeoutMillis;
    private final Socket right; // we send to rank + 1
    private final Socket left; // we receive from rank - 1
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService writer;
    /** Floats per socket write and read: the buffers stay 64 KB whatever the model's size. */
    private static final int PIECE = 1 << 14;
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(PIECE * Float.BYTES);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(PIECE * Float.BYTES);
    private long calls;
    private long nanos; // time spent in allReduce, for the communication share

    /**
     * Joins the ring: {@code addresses.get(r)} is rank r's listening address, {@code server} this
     * rank's own (already bound to {@code addresses.get(rank)}'s port); it is closed once the left
     * neighbour is accepted.
     */
    public RingAllReduce(int rank, List<InetSocketAddress> addresses, ServerSocket server, int timeoutMillis) {
        this.rank = rank;
        this.size = addresses.size();
        this.addresses = List.copyOf(addresses);
        this.timeoutMillis = timeoutMillis;
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("RingAllReduce: rank " + rank + " outside [0, " + size + ")");
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("RingAllReduce: timeout must be at least 1 ms, got " + timeoutMillis);
        }
        if (size == 1) {
            right = left = null;
            out = null;
            in = null;
            writer = null;
            close(server);
            return;
        }
        Socket r = null, l = null;
        try {
            r = connect(addresses.get((rank + 1) % size), (rank + 1) % size);
            server.setSoTimeout(timeoutMillis);
            l = server.accept();
            l.setSoTimeout(timeoutMillis);
            l.setTcpNoDelay(true);
            this.right = r;
            this.left = l;
            this.out = new DataOutputStream(new BufferedOutputStream(r.getOutputStream(), 1 << 16));
            this.in = new DataInputStream(new BufferedInputStream(l.getInputStream(), 1 << 16));
        } catch (IOException e) {
            close(r);
            close(l);
            throw new CollectiveException("ring rank " + rank + " of " + size + ": could not join the ring ("
                    + (r == null ? "connecting to rank " + (rank + 1) % size + " at " + addresses.get((rank + 1) % size)
                    : "accepting rank " + (rank - 1 + size) % size) + " within " + timeoutMillis + " ms): " + e, e);
        } finally {
            close(server);
        }
        this.writer = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "gatun-ring-writer-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /** Retries a refused connection until the timeout: the neighbour may not listen yet. */
    private Socket connect(InetSocketAddress to, int peer) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(to, timeoutMillis);
                s.setSoTimeout(timeoutMillis);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                close(s);
                if (System.nanoTime() > deadline) {
                    throw new IOException("rank " + peer + " at " + to + " refused or did not answer: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to rank " + peer, ie);
                }
            }
        }
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** Nanoseconds spent in {@link #allReduce} so far. */
    public long nanos() {
        return nanos;
    }

    /** Replaces {@code data} by its element-wise mean over the ring. */
    public void average(float[] data) {
        allReduce(data);
        if (size > 1) {
            float k = size;
            for (int i = 0; i < data.length; i++) {
                data[i] /= k;
            }
        }
    }

    /** Replaces {@code data} by its element-wise sum over the ring; every rank passes the same length. */
    public void allReduce(float[] data) {
        if (size == 1) {
            return;
        }
        long start = System.nanoTime();
        long call = ++calls;
        int n = data.length;
        // reduce-scatter: after step s, chunk (rank - s - 1) holds the sum of s + 2 ranks' values
        for (int s = 0; s < size - 1; s++) {
            exchange(data, call, chunk(rank - s), chunk(rank - s - 1), true, n);
        }
        // all-gather: rank holds the full sum of chunk (rank + 1); pass the full sums round
        for (int s = 0; s < size - 1; s++) {
            exchange(data, call, chunk(rank + 1 - s), chunk(rank - s), false, n);
        }
        nanos += System.nanoTime() - start;
    }

    private int chunk(int i) {
        return Math.floorMod(i, size);
    }

    private int begin(int chunk, int n) {
        return (int) ((long) n * chunk / size);
    }

    /** Sends chunk {@code send} to the right while receiving chunk {@code receive} from the left (added or copied). */
    private void exchange(float[] data, long call, int send, int receive, boolean add, int n) {
        int sendFrom = begin(send, n), sendTo = begin(send + 1, n);
        Future<?> sent = writer.submit(() -> {
            out.writeLong(call);
            out.writeInt(sendTo - sendFrom);
            for (int at = sendFrom; at < sendTo; at += PIECE) { // a bounded buffer, whatever the model's size
                int count = Math.min(PIECE, sendTo - at);
                sendBuffer.clear();
                sendBuffer.asFloatBuffer().put(data, at, count);
                out.write(sendBuffer.array(), 0, count * Float.BYTES);
            }
            out.flush();
            return null;
        });
        int from = begin(receive, n), to = begin(receive + 1, n);
        int leftRank = chunk(rank - 1);
        try {
            long theirCall = in.readLong();
            int length = in.readInt();
            if (theirCall != call || length != to - from) {
                throw new CollectiveException("ring rank " + rank + ": rank " + leftRank + " sent call " + theirCall + " with "
                        + length + " floats, expected call " + call + " with " + (to - from)
                        + " (the ranks passed arrays of different lengths or skipped a call)");
            }
            // the chunk being sent is never the one received into: the writer thread reads other elements
            for (int at = from; at < to; at += PIECE) {
                int count = Math.min(PIECE, to - at);
                in.readFully(receiveBuffer.array(), 0, count * Float.BYTES);
                FloatBuffer got = receiveBuffer.clear().asFloatBuffer();
                for (int i = 0; i < count; i++) {
                    data[at + i] = add ? data[at + i] + got.get(i) : got.get(i);
                }
            }
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (SocketTimeoutException e) {
            sent.cancel(true);
            throw new CollectiveException("ring rank " + rank + ": rank " + leftRank + " at " + addresses.get(leftRank)
                    + " sent nothing for " + timeoutMillis + " ms (dead or stalled)", e);
        } catch (IOException e) {
            sent.cancel(true);
            throw new CollectiveException("ring rank " + rank + ": lost rank " + leftRank + " at " + addresses.get(leftRank)
                    + ": " + e, e);
        } catch (TimeoutException e) {
            throw new CollectiveException("ring rank " + rank + ": rank " + chunk(rank + 1) + " at "
                    + addresses.get(chunk(rank + 1)) + " took no data for " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw new CollectiveException("ring rank " + rank + ": sending to rank " + chunk(rank + 1) + " at "
                    + addresses.get(chunk(rank + 1)) + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("ring rank " + rank + ": interrupted", e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdownNow();
        }
        close(right);
        close(left);
    }

    private static void close(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a socket that already failed: nothing left to release
            }
        }
    }
}
