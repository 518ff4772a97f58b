package org.multiprocessing4j.connection;

import org.multiprocessing4j.internal.runtime.Awaiting;
import org.multiprocessing4j.serialization.Serializer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a pipe between threads of this JVM: the thread context's {@code pipe()}, CPython's
 * {@code multiprocessing.dummy.Pipe} (which is a pair of queues). Each direction is a
 * {@link Mailbox}; {@code send} puts the object itself there (no serializer, identity kept,
 * serializable or not), {@code sendBytes} a copy of the bytes. Closing an end is seen by the
 * peer as a closed socket pair's end is: its receive gets {@link EOFException} once the
 * messages sent before are received, its send an IOException ("broken pipe").
 */
final class LocalLink implements Link {
    private final Mailbox inbox;
    private final Mailbox outbox;
    private volatile boolean closed;

    private LocalLink(Mailbox inbox, Mailbox outbox) {
        this.inbox = inbox;
        this.outbox = outbox;
    }

    /** The two ends: both ways when {@code duplex}, else the first only receives and the second only sends. */
    static LocalLink[] pair(boolean duplex) {
        Mailbox toFirst = new Mailbox();
        if (!duplex) {
            return new LocalLink[] {new LocalLink(toFirst, null), new LocalLink(null, toFirst)};
        }
        Mailbox toSecond = new Mailbox();
        return new LocalLink[] {new LocalLink(toFirst, toSecond), new LocalLink(toSecond, toFirst)};
    }

    @Override
    public boolean readable() {
        return inbox != null;
    }

    @Override
    public boolean writable() {
        return outbox != null;
    }

    /** Puts the object itself: the serializer is not used. */
    @Override
    public void sendObject(Object object, Serializer serializer) throws IOException {
        outbox.put(object);
    }

    /**
     * @throws IOException if the message was sent with {@code sendBytes} (it is consumed)
     */
    @Override
    public Object recvObject(Serializer serializer) throws IOException {
        Object message = inbox.take(this);
        if (message instanceof Bytes) {
            throw new IOException("the message was sent with sendBytes(): receive it with recvBytes(); it was consumed");
        }
        return message;
    }

    @Override
    public void sendBytes(byte[] buffer, int offset, int size) throws IOException {
        outbox.put(new Bytes(Arrays.copyOfRange(buffer, offset, offset + size)));
    }

    /**
     * @throws IOException if the message was sent with {@code send} (objects are not serialized
     *                     here), or is longer than {@code maxLength}; it is consumed
     */
    @Override
    public byte[] recvBytes(int maxLength, Deadline deadline) throws IOException {
        byte[] bytes = bytes(inbox.take(this));
        if (bytes.length > maxLength) {
            throw new IOException("bad message length: " + bytes.length + " bytes is more than the maximum of "
                    + maxLength + " bytes");
        }
        return bytes;
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) throws IOException {
        byte[] bytes = bytes(inbox.take(this));
        if (bytes.length > buffer.length - offset) {
            throw new BufferTooShortException(bytes, buffer.length - offset);
        }
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        return bytes.length;
    }

    private static byte[] bytes(Object message) throws IOException {
        if (!(message instanceof Bytes)) {
            throw new IOException("the message was sent with send(): a pipe of the thread context passes objects "
                    + "as they are, so receive it with recv(); it was consumed");
        }
        return ((Bytes) message).value;
    }

    @Override
    public boolean poll() throws IOException {
        return inbox.readyNow();
    }

    @Override
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        return inbox.ready(timeout == null ? -1 : Math.max(0, timeout.toNanos()));
    }

    /** The peer's receive ends with EOF once it has the messages sent before; its send fails. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (outbox != null) {
            outbox.closedBy(true);
        }
        if (inbox != null) {
            inbox.closedBy(false);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public long fileno() throws IOException {
        throw new IOException(noDescriptor());
    }

    @Override
    public long waitHandle() {
        throw new IllegalStateException(noDescriptor());
    }

    private static String noDescriptor() {
        return "a pipe of the thread context has no descriptor: wait on it with poll(Duration)";
    }

    @Override
    public boolean readyWithoutWaiting() {
        return false;
    }

    @Override
    public Object replacement(Serializer serializer) throws InvalidObjectException {
        throw new InvalidObjectException("a pipe of the thread context carries references of this JVM and cannot "
                + "go to another process; make it through a process context (Multiprocessing.context())");
    }

    @Override
    public String describe() {
        return "thread";
    }

    /** A message sent with {@code sendBytes}: a copy of the bytes. */
    private static final class Bytes {
        final byte[] value;

        Bytes(byte[] value) {
            this.value = value;
        }
    }

    /** One direction: the messages sent and not received, and whether either end closed. */
    private static final class Mailbox {
        private static final Object NULL = new Object();

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final ArrayDeque<Object> messages = new ArrayDeque<>();
        private boolean senderClosed;
        private boolean receiverClosed;

        void put(Object message) throws IOException {
            lock.lock();
            try {
                if (receiverClosed) {
                    throw new IOException("broken pipe: the receiving end is closed");
                }
                messages.addLast(message == null ? NULL : message);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** The next message, waiting for ever, as a blocked receive of a descriptor does (no interrupt). */
        Object take(LocalLink receiver) throws IOException {
            lock.lock();
            try {
                while (messages.isEmpty()) {
                    if (receiver.closed) {
                        throw new IOException("handle is closed");
                    }
                    if (senderClosed) {
                        throw new EOFException();
                    }
                    changed.awaitUninterruptibly();
                }
                Object message = messages.removeFirst();
                return message == NULL ? null : message;
            } finally {
                lock.unlock();
            }
        }

        /** Whether a receive would not block now. */
        boolean readyNow() {
            lock.lock();
            try {
                return isReady();
            } finally {
                lock.unlock();
            }
        }

        /** Whether a receive would not block, waiting at most {@code timeoutNanos} (-1: for ever). */
        boolean ready(long timeoutNanos) throws InterruptedException {
            lock.lockInterruptibly();
            try {
                return Awaiting.until(changed, this::isReady, timeoutNanos);
            } finally {
                lock.unlock();
            }
        }

        /** With the lock held. */
        private boolean isReady() {
            return !messages.isEmpty() || senderClosed || receiverClosed;
        }

        /** One end closed: the sender's (receives end with EOF) or the receiver's (sends fail). */
        void closedBy(boolean sender) {
            lock.lock();
            try {
                if (sender) {
                    senderClosed = true;
                } else {
                    receiverClosed = true;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
