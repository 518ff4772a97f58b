package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.codec.DefaultSerializer;
import org.multiprocessing4j.internal.codec.Envelope;
import org.multiprocessing4j.internal.codec.PlainInput;
import org.multiprocessing4j.internal.platform.Descriptors;
import org.multiprocessing4j.internal.platform.Platform;
import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A connection over a descriptor (POSIX) or handle (Windows), in CPython's wire format: a
 * length, then the payload ({@link FrameReader}, {@link FrameWriter}). Objects go through the
 * connection's serializer. One thread may receive while another sends: each direction has its
 * lock. The descriptor is closed by {@link #close()} or once this link is unreachable (every
 * connection object over it is).
 */
final class DescriptorLink implements Link, Waitable {
    private final OsHandle handle;
    private final boolean readable;
    private final boolean writable;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();

    /** A link around an open descriptor, which it owns from now on. */
    DescriptorLink(long handle, boolean readable, boolean writable) {
        if (!readable && !writable) {
            throw new IllegalArgumentException("at least one of readable and writable must be true");
        }
        Descriptors descriptors = Platform.descriptors();
        this.handle = new OsHandle(this, handle, null);
        this.readable = readable;
        this.writable = writable;
        this.reader = new FrameReader(descriptors, handle);
        this.writer = new FrameWriter(descriptors, handle);
    }

    @Override
    public boolean readable() {
        return readable;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    /** With the library's Java serializers, plain values travel in the library's own compact form. */
    @Override
    public void sendObject(Object object, Serializer serializer) throws IOException {
        byte[] bytes = serializer.sendsPlainValues() ? Envelope.plainOrSerialized(object, 0, serializer)
                : serializer.dumps(object);
        sendBytes(bytes, 0, bytes.length);
    }

    @Override
    public Object recvObject(Serializer serializer) throws IOException {
        byte[] bytes = recvBytes(Integer.MAX_VALUE, null);
        if (serializer.sendsPlainValues()) {
            return Envelope.open(new PlainInput(bytes, 0, bytes.length), Envelope.PLAIN_VALUES, serializer::loads);
        }
        return serializer.loads(bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] buffer, int offset, int size) throws IOException {
        synchronized (writeLock) {
            handle.value();
            writer.write(buffer, offset, size);
        }
    }

    @Override
    public byte[] recvBytes(int maxLength, Deadline deadline) throws IOException {
        synchronized (readLock) {
            handle.value();
            int size = checkedLength(reader.readLength(deadline), maxLength);
            return reader.readPayload(size, deadline);
        }
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) throws IOException {
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

    @Override
    public boolean poll() throws IOException {
        long descriptor = handle.value();
        return reader.hasBuffered() || Platform.descriptors().waitReady(new long[] {descriptor}, 0).length > 0;
    }

    /** Bytes this link has already read count at once. */
    @Override
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        return !Wait.waitReady(List.of(this), timeout).isEmpty();
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public boolean isClosed() {
        return handle.isClosed();
    }

    @Override
    public long fileno() throws IOException {
        return handle.value();
    }

    @Override
    public long waitHandle() {
        if (handle.isClosed()) {
            throw new IllegalStateException("cannot wait on a closed connection");
        }
        return handle.rawValue();
    }

    @Override
    public boolean readyWithoutWaiting() {
        return readable && !handle.isClosed() && reader.hasBuffered();
    }

    @Override
    public String describe() {
        return Long.toString(handle.rawValue());
    }

    /**
     * An {@link Inherited} that a child being started turns back into a connection, or, sent to a
     * running process (through a connection or a queue), a {@link Shared} form that the receiver
     * claims from this process's resource sharer, as in CPython. Either way both processes then
     * hold the connection.
     */
    @Override
    public Object replacement(Serializer serializer) throws ObjectStreamException {
        if (isClosed()) {
            throw new InvalidObjectException("a closed connection cannot be handed to another process");
        }
        byte[] pending;
        synchronized (readLock) {
            pending = reader.buffered();
        }
        Serializer travelling = Connection.travelling(serializer);
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

    /** A connection over {@code descriptor} that first gives the bytes its sender had read ahead. */
    private static Connection rebuilt(long descriptor, boolean readable, boolean writable, byte[] pending,
                                      Serializer serializer) {
        DescriptorLink link = new DescriptorLink(descriptor, readable, writable);
        link.reader.preload(pending);
        return new Connection(link, serializer != null ? serializer : DefaultSerializer.get());
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
            return rebuilt(descriptor, readable, writable, pending, serializer);
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
            return rebuilt(Handoff.inherited(index), readable, writable, pending, serializer);
        }
    }
}
