package org.multiprocessing4j.managers;

/**
 * A registered callable whose object runs the functions its clients send, as the manager's
 * {@code Pool} does: they are Java functions ({@code SerializableFunction}s), so a CPython client
 * may not create one; its {@code create} is answered with Python's NotImplementedError, which
 * says why, rather than a pool whose every task would be refused.
 */
@FunctionalInterface
interface TakesJavaFunctions extends ManagedCallable {
}
