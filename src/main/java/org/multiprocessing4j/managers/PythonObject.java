package org.multiprocessing4j.managers;

import org.multiprocessing4j.serialization.pickle.PyReduction;
import org.multiprocessing4j.serialization.pickle.PyTuple;
import org.multiprocessing4j.shared.Typecode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reply's value that CPython's own server sends as an instance of a Python class, where a
 * Java client expects plain data: {@code _getvalue()} of a {@code Value} (a
 * {@code managers.Value}), of a {@code Namespace} (a {@code managers.Namespace}), of an
 * {@code Array} and its slices (an {@code array.array}). Each serializer writes the form its
 * peer reads: {@link ManagerPickle} the Python object, {@link MessageSerializer} the Java value.
 */
final class PythonObject {
    private static final String MANAGERS = "multiprocessing.managers";

    /** What a Java client receives. */
    final Object java;
    /** What a CPython client receives: how CPython's own server pickles it. */
    final PyReduction python;

    private PythonObject(Object java, PyReduction python) {
        this.java = java;
        this.python = python;
    }

    /** A {@code managers.Namespace} with these attributes (CPython: NEWOBJ, then BUILD with its {@code __dict__} unless empty); a map in Java. */
    static PythonObject namespace(Map<String, Object> attributes) {
        Map<String, Object> copy = new LinkedHashMap<>(attributes);
        return new PythonObject(copy, PyReduction.newObject(MANAGERS, "Namespace", PyTuple.of(),
                copy.isEmpty() ? null : copy));
    }

    /** A {@code managers.Value(typecode, value)} (NEWOBJ, then BUILD with {@code _typecode} and {@code _value}); the value in Java. */
    static PythonObject value(String typecode, Object value) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("_typecode", typecode);
        state.put("_value", value);
        return new PythonObject(value, PyReduction.newObject(MANAGERS, "Value", PyTuple.of(), state));
    }

    /**
     * An {@code array.array(typecode, values)}, a list in Java. CPython writes the machine bytes
     * instead of the list; the list is the portable form it writes for protocol 2, and rebuilds
     * the same array.
     */
    static PythonObject array(Typecode typecode, List<Object> values) {
        List<Object> copy = new ArrayList<>(values);
        return new PythonObject(copy, PyReduction.call("array", "array",
                PyTuple.of(String.valueOf(typecode.code()), copy)));
    }

    /** The value a Java peer receives in place of {@code value}. */
    static Object javaForm(Object value) {
        return value instanceof PythonObject ? ((PythonObject) value).java : value;
    }
}
