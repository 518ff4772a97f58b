package org.multiprocessing4j.connection;

import org.multiprocessing4j.serialization.Serializer;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.time.Duration;

/**
 * What carries a {@link Connection}'s messages: a descriptor in CPython's wire format
 * ({@link DescriptorLink}: pipes, sockets, named pipes) or a pair of mailboxes in this JVM
 * ({@link LocalLink}: the thread context's pipe, CPython's {@code multiprocessing.dummy.Pipe}).
 * {@code Connection} checks the arguments and the direction and delegates the rest; a
 * {@link Connection#withSerializer view} shares the link of the connection it was made from.
 */
interface Link {
    /** Whether this end receives. */
    boolean readable();

    /** Whether this end sends. */
    boolean writable();

    /** Sends {@code object}, through {@code serializer} where the link carries bytes. */
    void sendObject(Object object, Serializer serializer) throws IOException;

    /** Receives an object sent by {@link #sendObject}. */
    Object recvObject(Serializer serializer) throws IOException;

    /** Sends {@code size} bytes of {@code buffer} from {@code offset} as one message. */
    void sendBytes(byte[] buffer, int offset, int size) throws IOException;

    /** Receives one message of at most {@code maxLength} bytes, by {@code deadline} (null: none). */
    byte[] recvBytes(int maxLength, Deadline deadline) throws IOException;

    /** Receives one message into {@code buffer} from {@code offset}; returns its length. */
    int recvBytesInto(byte[] buffer, int offset) throws IOException;

    /** Whether a receive would not block now. */
    boolean poll() throws IOException;

    /** Waits up to {@code timeout} (null: for ever) until a receive would not block. */
    boolean poll(Duration timeout) throws IOException, InterruptedException;

    /** Closes this end; a second call does nothing. */
    void close();

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /** The descriptor or handle: Python's {@code fileno()}. */
    long fileno() throws IOException;

    /** The descriptor to wait on, for {@link Wait}. */
    long waitHandle();

    /** Whether something is ready without a wait on the descriptor. */
    boolean readyWithoutWaiting();

    /** The form in which the connection, with {@code serializer}, travels to another process. */
    Object replacement(Serializer serializer) throws ObjectStreamException;

    /** What {@code toString} shows of the link: the descriptor, or that it is a thread pipe's. */
    String describe();
}
