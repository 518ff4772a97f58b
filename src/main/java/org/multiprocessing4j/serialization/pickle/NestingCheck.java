package org.multiprocessing4j.serialization.pickle;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.StreamCorruptedException;
import org.multiprocessing4j.serialization.SerializationLimitException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Walks an unpickled graph once, without recursion, and refuses it if containers nest deeper
 * than the limit or if a container contains itself. Either would make Java's recursive
 * {@code equals}, {@code hashCode} and {@code toString} (and the writer) overflow the stack
 * later, far from the cause. The unpickler itself never recurses, so a pickle can build such a
 * graph cheaply: 7 bytes per level, with a constant stack, through the memo.
 *
 * <p>Shared sub-graphs (the same object reached twice through the memo) are walked once, so the
 * walk is linear in the number of distinct containers even for a "billion laughs" graph.
 */
final class NestingCheck {

    private NestingCheck() {
    }

    private static final Integer IN_PROGRESS = -1;

    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        int deepestChild;

        Frame(Object node) {
            this.node = node;
            this.children = childrenOf(node);
        }
    }

    static void check(Object root, int maxDepth) throws IOException {
        if (!isContainer(root)) {
            return;
        }
        IdentityHashMap<Object, Integer> depths = new IdentityHashMap<>();
        ArrayDeque<Frame> path = new ArrayDeque<>();
        depths.put(root, IN_PROGRESS);
        path.push(new Frame(root));
        while (!path.isEmpty()) {
            Frame top = path.peek();
            if (top.children.hasNext()) {
                Object child = top.children.next();
                if (SafeUnpickler.isMark(child)) {
                    throw new StreamCorruptedException("corrupt pickle: a MARK inside a container");
                }
                if (!isContainer(child)) {
                    continue;
                }
                Integer known = depths.get(child);
                if (IN_PROGRESS.equals(known)) {
                    throw new InvalidObjectException("refused: recursive structure (a "
                            + PyValues.pyTypeName(child) + " that contains itself) cannot be mapped to Java collections");
                }
                if (known != null) {
                    top.deepestChild = Math.max(top.deepestChild, known);
                    continue;
                }
                if (path.size() >= maxDepth) {
                    throw tooDeep(maxDepth);
                }
                depths.put(child, IN_PROGRESS);
                path.push(new Frame(child));
            } else {
                path.pop();
                int depth = top.deepestChild + 1;
                depths.put(top.node, depth);
                Frame parent = path.peek();
                if (parent != null) {
                    parent.deepestChild = Math.max(parent.deepestChild, depth);
                }
            }
        }
    }

    static SerializationLimitException tooDeep(int maxDepth) {
        return new SerializationLimitException("depth", maxDepth, "refused: containers nested deeper than " + maxDepth + " levels");
    }

    private static boolean isContainer(Object o) {
        return o instanceof Collection || o instanceof Map;
    }

    private static Iterator<?> childrenOf(Object node) {
        if (node instanceof Map<?, ?> map) {
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            return new Iterator<Object>() {
                private Object pendingValue;
                private boolean hasPending;

                @Override
                public boolean hasNext() {
                    return hasPending || entries.hasNext();
                }

                @Override
                public Object next() {
                    if (hasPending) {
                        hasPending = false;
                        return pendingValue;
                    }
                    Map.Entry<?, ?> e = entries.next();
                    pendingValue = e.getValue();
                    hasPending = true;
                    return e.getKey();
                }
            };
        }
        return ((Collection<?>) node).iterator();
    }
}
