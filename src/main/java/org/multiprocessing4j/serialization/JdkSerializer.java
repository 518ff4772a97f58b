package org.multiprocessing4j.serialization;

import org.multiprocessing4j.internal.runtime.EntryClasses;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.io.OptionalDataException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;

/**
 * JDK serialization, held to a {@link ClassPolicy} and to {@link Limits}: every class in the
 * stream is checked before an object of it is made (nothing of a refused class runs), every
 * array length against the bytes that could hold it before it is allocated, the nesting depth,
 * the number of objects and the nesting of hash-based collections (whose rebuilding computes
 * hash codes that nested sets make exponential) are bounded, and a {@code StackOverflowError}
 * that still happens becomes a refusal. The JVM-wide filter ({@code jdk.serialFilter}), when
 * one is set, is asked first: what it rejects is refused, what it allows needs no policy.
 */
final class JdkSerializer implements Serializer, Serializable {
    private static final long serialVersionUID = 1L;
    /** A stream starts with these two bytes (ObjectStreamConstants.STREAM_MAGIC). */
    static final byte MAGIC_0 = (byte) 0xac;

    private final ClassPolicy policy;

    JdkSerializer(ClassPolicy policy) {
        this.policy = policy;
    }

    ClassPolicy policy() {
        return policy;
    }

    @Override
    public Serializer allowing(Class<?>... classes) {
        return new JdkSerializer(policy.allowing(classes));
    }

    @Override
    public Serializer allowing(String... patterns) {
        return new JdkSerializer(policy.allowing(patterns));
    }

    @Override
    public ClassPolicy classPolicy() {
        return policy;
    }

    @Override
    public boolean sendsPlainValues() {
        return true;
    }

    @Override
    public byte[] dumps(Object object) {
        return dumps(object, 0);
    }

    /** {@code object} as a JDK stream after {@code prefix} bytes (zeros, for the caller to fill). */
    static byte[] dumps(Object object, int prefix) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(new byte[prefix], 0, prefix);
        // Only an entry being written for a child notes its classes: a connection's sends do not.
        try (ObjectOutputStream out = EntryClasses.isNoting() ? new NotingOutput(bytes) : new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new SerializationException("cannot serialize " + describe(object) + ": " + e.getMessage()
                    + " does not implement java.io.Serializable", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + describe(object) + ": " + e, e);
        } catch (StackOverflowError e) {
            throw new SerializationException("cannot serialize " + describe(object)
                    + ": it is nested too deeply for this thread's stack", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object loads(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, policy);
    }

    @Override
    public Object loadsTrusted(byte[] bytes, int offset, int length) throws IOException {
        return read(bytes, offset, length, null);
    }

    /**
     * The object in a JDK stream, checked against {@code policy} and {@link Limits}; with a null
     * policy (bytes a parent wrote for its own child), unchecked but for the stack.
     */
    static Object read(byte[] bytes, int offset, int length, ClassPolicy policy) throws IOException {
        Guard guard = policy == null ? null : new Guard(policy, length);
        try (GuardedInput in = new GuardedInput(new ByteArrayInputStream(bytes, offset, length), guard)) {
            return in.readObject();
        } catch (InvalidClassException e) {
            if (guard != null && guard.refusal != null) {
                guard.refusal.initCause(e);
                throw guard.refusal;
            }
            throw e;
        } catch (ClassNotFoundException e) {
            InvalidClassException missing = new InvalidClassException(e.getMessage(),
                    "class not found in this JVM: " + e.getMessage());
            missing.initCause(e);
            throw missing;
        } catch (EOFException e) {
            EOFException truncated = new EOFException("truncated serialized object: the " + length
                    + " bytes end in the middle of it");
            truncated.initCause(e);
            throw truncated;
        } catch (OptionalDataException e) {
            throw corrupt((e.eof ? "it ends" : e.length + " bytes of primitive data are") + " where an object should be", e);
        } catch (StackOverflowError e) {
            throw new SerializationLimitException("depth", Limits.MAX_DEPTH, "refused to deserialize: the object graph"
                    + " is nested more deeply than this thread's stack holds");
        } catch (StreamCorruptedException e) {
            throw corrupt(e.getMessage(), e);
        } catch (ObjectStreamException e) {
            // A class's own validation (InvalidObjectException...): its message says what is wrong.
            throw e;
        } catch (IOException | RuntimeException e) {
            // Corrupt data reaching a class's readObject (ClassCastException, IllegalStateException...).
            throw corrupt(e.toString(), e);
        } catch (LinkageError e) {
            InvalidClassException unusable = new InvalidClassException(e.getMessage(), "class cannot be loaded: " + e);
            unusable.initCause(e);
            throw unusable;
        }
    }

    private static StreamCorruptedException corrupt(String detail, Throwable cause) {
        StreamCorruptedException corrupt = new StreamCorruptedException("corrupt serialized object: " + detail);
        corrupt.initCause(cause);
        return corrupt;
    }

    /** The output stream, telling {@link EntryClasses} each class it writes. */
    private static final class NotingOutput extends ObjectOutputStream {
        NotingOutput(ByteArrayOutputStream out) throws IOException {
            super(out);
        }

        @Override
        protected void annotateClass(Class<?> type) {
            EntryClasses.note(type);
        }
    }

    /**
     * The stream, and the hook that tells the {@link Guard} when a hash-based collection is
     * complete: {@code resolveObject} is called for every object once it has been read.
     */
    private static final class GuardedInput extends ObjectInputStream {
        private final Guard guard;

        GuardedInput(ByteArrayInputStream in, Guard guard) throws IOException {
            super(in);
            this.guard = guard;
            if (guard != null) {
                setObjectInputFilter(guard);
                enableResolveObject(true);
            }
        }

        @Override
        protected Object resolveObject(Object object) {
            if (object instanceof HashMap || object instanceof HashSet || object instanceof Hashtable) {
                guard.hashTableEnded();
            }
            return object;
        }
    }

    /**
     * The filter of one stream: the policy, the limits, and the hash-based collections being
     * read. Such a collection announces itself when its {@code readObject} checks the size of its
     * table ({@code Map.Entry[]}, before it reads its keys), and is complete when
     * {@code resolveObject} sees it; a filter call at its depth or above also means it is.
     */
    private static final class Guard implements ObjectInputFilter {
        private final ClassPolicy policy;
        private final long maxArray;
        private int[] hashDepths = new int[8];
        private int hashCount;
        ObjectStreamException refusal;

        Guard(ClassPolicy policy, int length) {
            this.policy = policy;
            this.maxArray = Limits.maxArray(length);
        }

        void hashTableEnded() {
            if (hashCount > 0) {
                hashCount--;
            }
        }

        @Override
        public Status checkInput(FilterInfo info) {
            ObjectInputFilter global = Config.getSerialFilter();
            Status verdict = global == null ? Status.UNDECIDED : global.checkInput(info);
            Class<?> type = info.serialClass();
            if (verdict == Status.REJECTED) {
                String name = type == null ? "an object" : type.getName();
                return refuse(new InvalidClassException(name, "refused by the JVM-wide filter (jdk.serialFilter)"));
            }
            long depth = info.depth();
            if (depth > Limits.MAX_DEPTH) {
                return refuse(new SerializationLimitException("depth", Limits.MAX_DEPTH,
                        "refused to deserialize: objects nested more than " + Limits.MAX_DEPTH + " deep"));
            }
            if (info.references() > Limits.MAX_REFERENCES) {
                return refuse(new SerializationLimitException("references", Limits.MAX_REFERENCES,
                        "refused to deserialize: more than " + Limits.MAX_REFERENCES + " objects and references"));
            }
            long arrayLength = info.arrayLength();
            if (arrayLength > maxArray) {
                return refuse(new SerializationLimitException("array length", maxArray, "refused to deserialize: "
                        + (type == null ? "an array" : "an array of " + type.getComponentType().getName())
                        + " of " + arrayLength + " elements, more than the " + maxArray
                        + " that a message of this size can hold"));
            }
            while (hashCount > 0 && hashDepths[hashCount - 1] >= depth) {
                hashCount--;
            }
            if (type == Map.Entry[].class && arrayLength >= 0) {
                if (hashCount == Limits.MAX_HASH_NESTING) {
                    return refuse(new SerializationLimitException("hash nesting", Limits.MAX_HASH_NESTING,
                            "refused to deserialize: hash-based collections (HashMap, HashSet...) nested more than "
                                    + Limits.MAX_HASH_NESTING + " deep, whose hash codes can take exponential time"));
                }
                if (hashCount == hashDepths.length) {
                    hashDepths = Arrays.copyOf(hashDepths, hashCount * 2);
                }
                hashDepths[hashCount++] = (int) depth;
                return Status.ALLOWED;
            }
            if (type == null || verdict == Status.ALLOWED) {
                return verdict;
            }
            if (!policy.permits(type)) {
                return refuse(ClassRefusedException.of(ClassPolicy.elementName(type.getName())));
            }
            return Status.ALLOWED;
        }

        private Status refuse(ObjectStreamException why) {
            if (refusal == null) {
                refusal = why;
            }
            return Status.REJECTED;
        }
    }

    private static String describe(Object object) {
        return object == null ? "null" : "an object of " + object.getClass().getName();
    }

    @Override
    public String toString() {
        return "Serializer.jdk(" + policy + ")";
    }
}
