package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One end of a pipe or socket that carries messages: Python's
 * {@code multiprocessing.connection.Connection}. Objects go through the connection's
 * {@link Serializer} ({@link #send}/{@link #recv}), bytes as they are
 * ({@link #sendBytes}/{@link #recvBytes}), in CPython's wire format. With a
 * {@code PickleSerializer} ({@link #withSerializer}, {@link Pipe#open(boolean, Serializer)},
 * {@link Client#connect(Address, byte[], Serializer)}, {@link Listener.Builder#serializer}), a
 * CPython peer's {@code send(obj)} arrives here as Java objects and this side's {@code send}
 * arrives there as Python objects.
 *
 * <pre>{@code
 * Connection[] pipe = Pipe.open();
 * Process p = new Process(() -> { pipe[1].send("hi"); pipe[1].close(); });
 * p.start();
 * Object message = pipe[0].recv();   // "hi"
 * }</pre>
 *
 * <p>Every failure is an {@link IOException}: {@link EOFException} when the peer closed its end
 * (Python's {@code EOFError}), {@link BufferTooShortException}, {@link AuthenticationException},
 * what the serializer refused in a message ({@link
 * org.multiprocessing4j.serialization.ClassRefusedException}, {@link
 * org.multiprocessing4j.serialization.SerializationLimitException}, or a corrupt stream), and a
 * plain one for what Python reports with {@code OSError}. A null buffer is a
 * {@link NullPointerException} that names it, before anything is sent or read; a null object is
 * a message like any other ({@code send(null)}: Python's {@code None}).
 *
 * <p>As in CPython, one thread may receive while another sends; two threads must not both
 * receive, nor both send, at the same time on one connection (each is serialised here, but the
 * messages of two receivers would be dealt out between them at random). A thread blocked in a
 * receive is not woken by {@link Thread#interrupt()} (as in CPython, the system call goes on);
 * {@link #poll(Duration)} is, so wait with it where an interrupt must be seen. On Windows, where I/O
 * on one handle is serialised by the system, a blocked receive also holds up a send.
 *
 * <p>A connection reachable from a {@link org.multiprocessing4j.Process}'s target at
 * {@code start()} is inherited by the child; sending a connection through a connection is
 * refused. Unclosed connections are closed when garbage collected, but close them.
 */
public final class Connection implements AutoCloseable, Waitable, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient OsHandle handle;
    private final transient boolean readable;
    private final transient boolean writable;
    private final transient FrameReader reader;
    private final transient FrameWriter writer;
    private final transient Object readLock;
    private final transient Object writeLock;
    private final transient Serializer serializer;
    /** The connection this one is a view of ({@link #withSerializer}), kept reachable: its cleaner closes the descriptor. */
    private final transient Connection origin;

    /** A connection around an open descriptor, which it owns from now on, with this process's default serializer. */
    Connection(long handle, boolean readable, boolean writable) {
        this(handle, readable, writable, DefaultSerializer.get());
    }

    /** A connection around an open descriptor, which it owns from now on. */
    Connection(long handle, boolean readable, boolean writable, Serializer serializer) {
        if (!readable && !writable) {
            throw new IllegalArgumentException("at least one of readable and writable must be true");
        }
        Descriptors descriptors = Platform.descriptors();
        this.handle = new OsHandle(this, handle, null);
        this.readable = readable;
        this.writable = writable;
        this.reader = new FrameReader(descriptors, handle);
        this.writer = new FrameWriter(descriptors, handle);
        this.readLock = new Object();
        this.writeLock = new Object();
        this.serializer = serializer;
        this.origin = null;
    }

    private Connection(Connection base, Serializer serializer) {
        this.handle = base.handle;
        this.readable = base.readable;
        this.writable = base.writable;
        this.reader = base.reader;
        this.writer = base.writer;
        this.readLock = base.readLock;
        this.writeLock = base.writeLock;
        this.serializer = serializer;
        this.origin = base.origin != null ? base.origin : base;
    }

    /**
     * This connection, sending and receiving objects with {@code serializer}: the same
     * descriptor, so closing either closes both, and bytes go out and come in exactly as
     * through this one. A {@code PickleSerializer} makes it talk to CPython's {@code send} and
     * {@code recv}.
     *
     * @throws NullPointerException if {@code serializer} is null
     */
    public Connection withSerializer(Serializer serializer) {
        return new Connection(this, Objects.requireNonNull(serializer, "serializer"));
    }

    /** The serializer of {@link #send} and {@link #recv}. */
    public Serializer getSerializer() {
        return serializer;
    }

    /**
     * Sends an object, serialized by the connection's {@link Serializer}: Python's
     * {@code send(obj)}. With the library's Java serializers, plain values (numbers, strings,
     * byte arrays, and the JDK's collections of them) travel in the library's own compact form.
     *
     * @throws org.multiprocessing4j.serialization.SerializationException if it cannot be serialized
     * @throws IOException if the connection is closed or read-only, or the write fails
     */
    public void send(Object object) throws IOException {
        checkWritable();
        byte[] bytes = serializer.sendsPlainValues() ? Envelope.plainOrSerialized(object, 0, serializer)
                : serializer.dumps(object);
        sendBytes(bytes, 0, bytes.length);
    }

    /** Sends all of {@code buffer} as one message: Python's {@code send_bytes(buf)}. */
    public void sendBytes(byte[] buffer) throws IOException {
        sendBytes(Objects.requireNonNull(buffer, "buffer"), 0, buffer.length);
    }

    /**
     * Sends {@code size} bytes of {@code buffer} from {@code offset} as one message: Python's
     * {@code send_bytes(buf, offset, size)}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code buffer}
     * @throws IOException if the connection is closed or read-only, or the write fails (the
     *                     peer closed its end: "broken pipe")
     */
    public void sendBytes(byte[] buffer, int offset, int size) throws IOException {
        Objects.checkFromIndexSize(offset, size, Objects.requireNonNull(buffer, "buffer").length);
        checkWritable();
        synchronized (writeLock) {
            handle.value();
            writer.write(buffer, offset, size);
        }
    }

    /**
     * Receives an object sent by {@link #send}: Python's {@code recv()}. Blocks until a
     * message arrives. The message is read whole first, so a refused one leaves the connection
     * usable.
     *
     * @throws EOFException when the peer has closed its end and nothing is left to receive
     * @throws org.multiprocessing4j.serialization.ClassRefusedException if the message names a
     *         class the serializer's policy does not allow (nothing of it ran)
     * @throws org.multiprocessing4j.serialization.SerializationLimitException if it exceeds a
     *         bound of the serializer
     * @throws IOException if it is not an object this JVM can rebuild (corrupt, a class missing)
     */
    public Object recv() throws IOException {
        byte[] bytes = recvBytes();
        if (serializer.sendsPlainValues()) {
            return Envelope.open(new PlainInput(bytes, 0, bytes.length), Envelope.PLAIN_VALUES, serializer::loads);
        }
        return serializer.loads(bytes, 0, bytes.length);
    }

    /** Receives one message as bytes: Python's {@code recv_bytes()}. */
    public byte[] recvBytes() throws IOException {
        return recvBytes(Integer.MAX_VALUE);
    }

    /**
     * Receives one message of at most {@code maxLength} bytes: Python's
     * {@code recv_bytes(maxlength)}. A longer message is not read: the connection is closed
     * (its stream is out of step from there on) and an IOException says so.
     *
     * @throws EOFException when the peer has closed its end and nothing is left to receive
     * @throws IOException  if the message is longer than {@code maxLength}, or the stream ends
     *                      inside a message
     */
    public byte[] recvBytes(int maxLength) throws IOException {
        return recvBytes(maxLength, null);
    }

    /** {@link #recvBytes(int)} whose reads must have their bytes by {@code deadline} (null: none). */
    byte[] recvBytes(int maxLength, Deadline deadline) throws IOException {
        if (maxLength < 0) {
            throw new IllegalArgumentException("negative maxLength");
        }
        checkReadable();
        synchronized (readLock) {
            handle.value();
            int size = checkedLength(reader.readLength(deadline), maxLength);
            return reader.readPayload(size, deadline);
        }
    }

    /**
     * Receives one message into {@code buffer} from its start and returns its length: Python's
     * {@code recv_bytes_into(buf)}.
     */
    public int recvBytesInto(byte[] buffer) throws IOException {
        return recvBytesInto(buffer, 0);
    }

    /**
     * Receives one message into {@code buffer} from {@code offset} and returns its length:
     * Python's {@code recv_bytes_into(buf, offset)}.
     *
     * @throws BufferTooShortException if the message does not fit; it was read, and the
     *         exception carries it
     * @throws IndexOutOfBoundsException if {@code offset} is negative or beyond the buffer
     */
    public int recvBytesInto(byte[] buffer, int offset) throws IOException {
        Objects.checkFromToIndex(offset, Objects.requireNonNull(buffer, "buffer").length, buffer.length);
        checkReadable();
        synchronized (readLock) {
            handle.value();
            int size = checkedLength(reader.readLength(null), Integer.MAX_VALUE);
            if (size > buffer.length - offset) {
                throw new BufferTooShortException(reader.readPayload(size, null), buffer.length - offset);
            }
            reader.readPayloadInto(buffer, offset, size, null);
            return size;
        }
    }

    /** The announced length as an int, or the connection closed and an exception. */
    private int checkedLength(long length, int maxLength) throws IOException {
        if (length <= maxLength && length <= FrameReader.MAX_PAYLOAD) {
            return (int) length;
        }
        close();
        String limit = maxLength < FrameReader.MAX_PAYLOAD ? "the maximum of " + maxLength + " bytes"
                : "what a Java array holds";
        throw new IOException("bad message length: " + length + " bytes is more than " + limit
                + "; the connection was closed");
    }

    /**
     * Whether there is something to receive now, without blocking: Python's {@code poll()}.
     * True also when the peer has closed its end, so that {@link #recv} reports it.
     */
    public boolean poll() throws IOException {
        checkReadable();
        long descriptor = handle.value();
        return reader.hasBuffered() || Platform.descriptors().waitReady(new long[] {descriptor}, 0).length > 0;
    }

    /**
     * Waits up to {@code timeout} (null: for ever) until there is something to receive:
     * Python's {@code poll(timeout)}. Bytes this connection has already read count at once.
     *
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        checkReadable();
        return !Wait.waitReady(List.of(this), timeout).isEmpty();
    }

    /** Closes the connection; a second call does nothing. Python's {@code close()}. */
    @Override
    public void close() {
        handle.close();
    }

    /** Whether {@link #close()} was called: Python's {@code closed}. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Whether this end receives: Python's {@code readable}. */
    public boolean isReadable() {
        return readable;
    }

    /** Whether this end sends: Python's {@code writable}. */
    public boolean isWritable() {
        return writable;
    }

    /**
     * The descriptor (POSIX) or handle (Windows): Python's {@code fileno()}.
     *
     * @throws IOException if the connection is closed
     */
    public long fileno() throws IOException {
        return handle.value();
    }

    /**
     * The descriptor to wait on, for {@link Wait#wait}.
     *
     * @throws IllegalStateException if the connection is closed
     */
    @Override
    public long waitHandle() {
        if (handle.isClosed()) {
            throw new IllegalStateException("cannot wait on a closed connection");
        }
        return handle.rawValue();
    }

    /** Bytes already read and waiting here make a connection ready without a wait. */
    @Override
    public boolean readyWithoutWaiting() {
        return readable && !handle.isClosed() && reader.hasBuffered();
    }

    private void checkReadable() throws IOException {
        handle.value();
        if (!readable) {
            throw new IOException("connection is write-only");
        }
    }

    private void checkWritable() throws IOException {
        handle.value();
        if (!writable) {
            throw new IOException("connection is read-only");
        }
    }

    @Override
    public String toString() {
        String mode = readable && writable ? "duplex" : readable ? "read-only" : "write-only";
        return "Connection[" + handle.rawValue() + ", " + mode + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Serializes as an {@link Inherited} that a child being started turns back into a
     * connection, or, sent to a running process (through a connection or a queue), as a
     * {@link Shared} form that the receiver claims from this process's resource sharer, as in
     * CPython. Either way both processes then hold the connection.
     */
    private Object writeReplace() throws ObjectStreamException {
        if (isClosed()) {
            throw new InvalidObjectException("a closed connection cannot be handed to another process");
        }
        byte[] pending;
        synchronized (readLock) {
            pending = reader.buffered();
        }
        Serializer travelling = travelling(serializer);
        if (Handoff.toChildAtStart()) {
            return new Inherited(Handoff.register(handle.rawValue(), "Connection"), readable, writable, pending,
                    travelling);
        }
        try {
            return new Shared(ResourceSharer.share(handle.rawValue(), "Connection"), readable, writable, pending,
                    travelling);
        } catch (InvalidObjectException refused) {
            throw refused;
        } catch (IOException e) {
            InvalidObjectException failure = new InvalidObjectException("cannot share the connection: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a Connection is rebuilt from its inherited or shared form only");
    }

    /**
     * A serializer as it goes to another process with the connection (or listener) that uses it.
     *
     * @throws InvalidObjectException if it is not serializable
     */
    static Serializer travelling(Serializer serializer) throws InvalidObjectException {
        if (serializer != null && !(serializer instanceof Serializable)) {
            throw new InvalidObjectException("a connection's serializer goes with it to another process, and "
                    + serializer.getClass().getName() + " does not implement java.io.Serializable");
        }
        return serializer;
    }

    private static Serializer orDefault(Serializer serializer) {
        return serializer != null ? serializer : DefaultSerializer.get();
    }

    /**
     * A connection as it travels to a running process: where its sender keeps a duplicate of
     * its descriptor, its direction, and the bytes the sender had read ahead.
     */
    private static final class Shared implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String address;
        private final long key;
        private final boolean readable;
        private final boolean writable;
        private final byte[] pending;
        private final Serializer serializer;

        Shared(ResourceSharer.Ticket ticket, boolean readable, boolean writable, byte[] pending, Serializer serializer) {
            this.address = ticket.address;
            this.key = ticket.key;
            this.readable = readable;
            this.writable = writable;
            this.pending = pending;
            this.serializer = serializer;
        }

        private Object readResolve() throws ObjectStreamException {
            long descriptor;
            try {
                descriptor = ResourceSharer.claim(new ResourceSharer.Ticket(address, key));
            } catch (IOException e) {
                InvalidObjectException failure = new InvalidObjectException(
                        "cannot claim the connection from the process that sent it: " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
            Connection connection = new Connection(descriptor, readable, writable, orDefault(serializer));
            connection.reader.preload(pending);
            return connection;
        }
    }

    /**
     * A connection as it travels to a child: the index of its inherited descriptor, its
     * direction, and the bytes the parent had read ahead, which are the child's to receive.
     */
    private static final class Inherited implements Serializable {
        private static final long serialVersionUID = 1L;

        private final int index;
        private final boolean readable;
        private final boolean writable;
        private final byte[] pending;
        private final Serializer serializer;

        Inherited(int index, boolean readable, boolean writable, byte[] pending, Serializer serializer) {
            this.index = index;
            this.readable = readable;
            this.writable = writable;
            this.pending = pending;
            this.serializer = serializer;
        }

        private Object readResolve() {
            Connection connection = new Connection(Handoff.inherited(index), readable, writable, orDefault(serializer));
            connection.reader.preload(pending);
            return connection;
        }
    }
}
