package org.multiprocessing4j.internal.platform;

/** What every {@link ChildControl} knows from its start: pid, sentinel, inherited descriptors. */
abstract class StartedChild implements ChildControl {
    private final long pid;
    private final long sentinel;
    private final long[] inheritedInChild;

    StartedChild(long pid, long sentinel, long[] inheritedInChild) {
        this.pid = pid;
        this.sentinel = sentinel;
        this.inheritedInChild = inheritedInChild;
    }

    @Override
    public final long pid() {
        return pid;
    }

    @Override
    public final long sentinel() {
        return sentinel;
    }

    @Override
    public final long[] inheritedInChild() {
        return inheritedInChild;
    }
}
