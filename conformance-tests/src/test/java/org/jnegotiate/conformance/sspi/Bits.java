package org.jnegotiate.conformance.sspi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jnegotiate.sspi.AscRet;
import org.jnegotiate.sspi.IscReq;
import org.jnegotiate.sspi.IscRet;
import org.jnegotiate.sspi.SecPkgContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.Sspi;

/** Names of ISC_REQ / ISC_RET / ASC_RET bit sets, for assertions that print what they compare. */
final class Bits {
    private static final Map<Integer, String> ISC_REQ = names(IscReq.class, "ISC_REQ_");
    private static final Map<Integer, String> ISC_RET = names(IscRet.class, "ISC_RET_");
    private static final Map<Integer, String> ASC_RET = names(AscRet.class, "ASC_RET_");

    private Bits() {}

    static String iscReq(int bits) {
        return describe(bits, ISC_REQ);
    }

    static String iscRet(int bits) {
        return describe(bits, ISC_RET);
    }

    static String ascRet(int bits) {
        return describe(bits, ASC_RET);
    }

    /** SECPKG_ATTR_FLAGS of an established context. */
    static int queriedFlags(SspiEndpoint e) {
        SecPkgContext.Flags f = new SecPkgContext.Flags();
        int status = e.sspi.queryContextAttributes(e.context, Sspi.SECPKG_ATTR_FLAGS, f);
        if (status != SecStatus.SEC_E_OK) {
            throw new AssertionError("QueryContextAttributes(FLAGS): " + SecStatus.name(status));
        }
        return f.Flags;
    }

    private static String describe(int bits, Map<Integer, String> names) {
        if (bits == 0) {
            return "0";
        }
        List<String> parts = new ArrayList<>();
        int rest = bits;
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if ((bits & e.getKey()) != 0) {
                parts.add(e.getValue());
                rest &= ~e.getKey();
            }
        }
        if (rest != 0) {
            parts.add(String.format("0x%X", rest));
        }
        return String.join("|", parts);
    }

    private static Map<Integer, String> names(Class<?> constants, String prefix) {
        Map<Integer, String> m = new TreeMap<>(Integer::compareUnsigned);
        for (Field f : constants.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == int.class
                    && f.getName().startsWith(prefix)) {
                try {
                    m.putIfAbsent(f.getInt(null), f.getName().substring(prefix.length()));
                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        return m;
    }
}
