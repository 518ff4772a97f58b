package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.invoke.MethodType;
import java.time.Duration;
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
 *
 * <p>A pipe of the thread context ({@code Multiprocessing.context("thread").pipe()},
 * {@link Pipe#forThreads(boolean)}) connects threads of this JVM, as CPython's
 * {@code multiprocessing.dummy.Pipe}: {@code send} passes the object itself (no serializer, the
 * receiver gets the same instance, serializable or not), {@code sendBytes} a copy of the bytes
 * (received with {@code recvBytes} only, as objects with {@code recv} only); closing, EOF and
 * broken pipe behave as above. It has no descriptor ({@link #fileno()} and
 * {@code Multiprocessing.wait} refuse it: wait with {@link #poll(Duration)}) and cannot go to
 * another process.
 */
public final class Connection implements AutoCloseable, Waitable, Serializable {
    private static final long serialVersionUID = 1L;

    /** What carries the messages; shared with the views {@link #withSerializer} makes. */
    private final transient Link link;
    private final transient Serializer serializer;

    /** A connection around an open descriptor, which it owns from now on, with this process's default serializer. */
    Connection(long handle, boolean readable, boolean writable) {
        this(handle, readable, writable, DefaultSerializer.get());
    }

    /** A connection around an open descriptor, which it owns from now on. */
    Connection(long handle, boolean readable, boolean writable, Serializer serializer) {
        this(new DescriptorLink(handle, readable, writable), serializer);
    }

    /** A connection over {@code link}. */
    Connection(Link link, Serializer serializer) {
        this.link = link;
        this.serializer = serializer;
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
        return new Connection(link, Objects.requireNonNull(serializer, "serializer"));
    }

    /** The serializer of {@link #send} and {@link #recv} (not used by a pipe of the thread context). */
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
        link.sendObject(object, serializer);
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
        link.sendBytes(buffer, offset, size);
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
        checkReadable();
        return link.recvObject(serializer);
    }

    /**
     * Receives an object sent by {@link #send} as a {@code type}, so that the caller needs no
     * cast: {@code int n = conn.recv(Integer.class)}. A primitive type stands for its wrapper
     * ({@code int.class} receives an {@code Integer}); a null message is returned as null, as
     * {@code (T) recv()} would.
     *
     * <p>The message is consumed either way, as a cast after {@link #recv()} would leave it: a
     * message of another type is not put back (a connection is a stream, and a peer that sends
     * something unexpected is out of step whatever this side does), and the exception says what
     * came instead.
     *
     * @throws ClassCastException if the object is not a {@code type}; its message names both
     *                            classes and says that the message was consumed
     * @throws EOFException       when the peer has closed its end and nothing is left to receive
     * @throws IOException        as {@link #recv()}
     */
    public <T> T recv(Class<T> type) throws IOException {
        Class<?> wanted = type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
        Object object = recv();
        if (object != null && !wanted.isInstance(object)) {
            throw new ClassCastException("received a " + object.getClass().getName() + " where a " + wanted.getName()
                    + " was expected; the message was consumed");
        }
        @SuppressWarnings("unchecked")
        T typed = (T) object;
        return typed;
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
        return link.recvBytes(maxLength, deadline);
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
        return link.recvBytesInto(buffer, offset);
    }

    /**
     * Whether there is something to receive now, without blocking: Python's {@code poll()}.
     * True also when the peer has closed its end, so that {@link #recv} reports it.
     */
    public boolean poll() throws IOException {
        checkReadable();
        return link.poll();
    }

    /**
     * Waits up to {@code timeout} (null: for ever) until there is something to receive:
     * Python's {@code poll(timeout)}. Bytes this connection has already read count at once.
     *
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        checkReadable();
        return link.poll(timeout);
    }

    /** Closes the connection; a second call does nothing. Python's {@code close()}. */
    @Override
    public void close() {
        link.close();
    }

    /** Whether {@link #close()} was called: Python's {@code closed}. */
    public boolean isClosed() {
        return link.isClosed();
    }

    /** Whether this end receives: Python's {@code readable}. */
    public boolean isReadable() {
        return link.readable();
    }

    /** Whether this end sends: Python's {@code writable}. */
    public boolean isWritable() {
        return link.writable();
    }

    /**
     * The descriptor (POSIX) or handle (Windows): Python's {@code fileno()}.
     *
     * @throws IOException if the connection is closed, or is a thread pipe's, which has none
     */
    public long fileno() throws IOException {
        return link.fileno();
    }

    /**
     * The descriptor to wait on, for {@link Wait#wait}.
     *
     * @throws IllegalStateException if the connection is closed, or is a thread pipe's
     */
    @Override
    public long waitHandle() {
        return link.waitHandle();
    }

    /** Bytes already read and waiting here make a connection ready without a wait. */
    @Override
    public boolean readyWithoutWaiting() {
        return link.readyWithoutWaiting();
    }

    private void checkReadable() throws IOException {
        checkOpen();
        if (!link.readable()) {
            throw new IOException("connection is write-only");
        }
    }

    private void checkWritable() throws IOException {
        checkOpen();
        if (!link.writable()) {
            throw new IOException("connection is read-only");
        }
    }

    private void checkOpen() throws IOException {
        if (link.isClosed()) {
            throw new IOException("handle is closed");
        }
    }

    @Override
    public String toString() {
        boolean readable = link.readable();
        boolean writable = link.writable();
        String mode = readable && writable ? "duplex" : readable ? "read-only" : "write-only";
        return "Connection[" + link.describe() + ", " + mode + (isClosed() ? ", closed" : "") + "]";
    }

    /**
     * Serializes as its link's form: a descriptor's goes to a child being started, or to a
     * running process through the resource sharer, as in CPython; a thread pipe's is refused.
     */
    private Object writeReplace() throws ObjectStreamException {
        return link.replacement(serializer);
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
}
