package org.multiprocessing4j.managers;

import org.multiprocessing4j.connection.Address;

import java.io.Serializable;
import java.util.Objects;

/**
 * What names a shared object: the type it was registered as, the address of the manager that
 * holds it, and its id there. Python's {@code multiprocessing.managers.Token}, whose pickled
 * state is the same triple {@code (typeid, address, id)}.
 */
public final class Token implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String typeid;
    private final Address address;
    private final String id;

    /**
     * A token: Python's {@code Token(typeid, address, id)}.
     *
     * @throws NullPointerException if an argument is null
     */
    public Token(String typeid, Address address, String id) {
        this.typeid = Objects.requireNonNull(typeid, "typeid");
        this.address = Objects.requireNonNull(address, "address");
        this.id = Objects.requireNonNull(id, "id");
    }

    /** The registered type: Python's {@code token.typeid}. */
    public String getTypeid() {
        return typeid;
    }

    /** The manager's address: Python's {@code token.address}. */
    public Address getAddress() {
        return address;
    }

    /** The object's id in the manager: Python's {@code token.id}. */
    public String getId() {
        return id;
    }

    /** The same object seen at another address (a client's view of the manager it reached). */
    Token at(Address other) {
        return other.equals(address) ? this : new Token(typeid, other, id);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Token && ((Token) other).typeid.equals(typeid)
                && ((Token) other).address.equals(address) && ((Token) other).id.equals(id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(typeid, address, id);
    }

    /** Python's {@code repr(token)}: {@code Token(typeid='dict', address='127.0.0.1:5000', id='7f3a')}. */
    @Override
    public String toString() {
        return "Token(typeid='" + typeid + "', address='" + address + "', id='" + id + "')";
    }
}
