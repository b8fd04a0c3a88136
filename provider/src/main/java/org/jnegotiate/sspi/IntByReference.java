package org.jnegotiate.sspi;

/** An {@code unsigned long*} out-parameter (pfContextAttr, pfQOP), shaped like JNA's IntByReference. */
public final class IntByReference {
    private int value;

    public IntByReference() {}

    public IntByReference(int value) {
        this.value = value;
    }

    public int getValue() {
        return value;
    }

    public void setValue(int value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return String.format("0x%08X", value);
    }
}
