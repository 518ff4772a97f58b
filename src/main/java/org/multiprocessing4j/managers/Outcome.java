package org.multiprocessing4j.managers;

/**
 * A method's result with what the server does once it knows whether the result reached the
 * client: a value taken from a queue goes back if its reply could not be sent (CPython loses
 * it), and a value removed from a container releases the shared objects it holds once the
 * reply, which may carry them to the client, is on its way.
 */
final class Outcome {
    final Object value;
    /** Runs when the reply could not be sent; may be null. */
    final Runnable undo;
    /** Released ({@link Nested#release}) once the reply was sent; may be null. */
    final Object removed;

    private Outcome(Object value, Runnable undo, Object removed) {
        this.value = value;
        this.undo = undo;
        this.removed = removed;
    }

    /** {@code value}, and {@code undo} if it cannot be delivered. */
    static Outcome undoable(Object value, Runnable undo) {
        return new Outcome(value, undo, null);
    }

    /** {@code value}, taken from its container: put back by {@code undo} if it cannot be delivered, else released. */
    static Outcome taken(Object value, Runnable undo) {
        return new Outcome(value, undo, value);
    }

    /** {@code value}, which was removed from its container: released after the reply. */
    static Outcome removed(Object value) {
        return new Outcome(value, null, value);
    }

    /** Nothing ({@code None}) for the client, and {@code removed} released: a {@code del}. */
    static Outcome dropped(Object removed) {
        return new Outcome(null, null, removed);
    }

    /** {@code result} unwrapped. */
    static Object valueOf(Object result) {
        return result instanceof Outcome ? ((Outcome) result).value : result;
    }
}
