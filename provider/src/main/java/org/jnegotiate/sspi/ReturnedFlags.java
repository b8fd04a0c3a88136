package org.jnegotiate.sspi;

import java.util.Set;
import org.jnegotiate.mech.ContextFlag;

/**
 * The ISC_RET/ASC_RET attributes a call returns, from what it requested and what the mechanism granted. "The ISC
 * page" is Microsoft's InitializeSecurityContext (Negotiate) documentation.
 */
final class ReturnedFlags {
    private ReturnedFlags() {}

    /** Before the final return only non-security attributes are reported (the ISC page: ALLOCATED_MEMORY). */
    static int intermediate(boolean initiator, int req) {
        if (initiator) {
            return (req & IscReq.ISC_REQ_ALLOCATE_MEMORY) != 0 ? IscRet.ISC_RET_ALLOCATED_MEMORY : 0;
        }
        return (req & AscReq.ASC_REQ_ALLOCATE_MEMORY) != 0 ? AscRet.ASC_RET_ALLOCATED_MEMORY : 0;
    }

    /**
     * The attributes of the final return: the granted flags, and the requested bits Windows echoes.
     *
     * @param suppliedUsed the exchange ran on the identity of ISC_REQ_USE_SUPPLIED_CREDS
     */
    static int established(
            boolean initiator, SecurityPackage pkg, int req, Set<ContextFlag> granted, boolean suppliedUsed) {
        int bits = intermediate(initiator, req);
        if (initiator) {
            bits |= SspiTranslation.iscRetOf(granted);
            bits |= req & (IscReq.ISC_REQ_CONNECTION | IscReq.ISC_REQ_STREAM);
            if (pkg == SecurityPackage.NEGOTIATE) {
                bits |= req & IscReq.ISC_REQ_EXTENDED_ERROR; // a failed later leg sends negState=reject
            }
            if (suppliedUsed) {
                bits |= IscRet.ISC_RET_USED_SUPPLIED_CREDS;
            }
        } else {
            bits |= SspiTranslation.ascRetOf(granted);
            bits |= req & (AscReq.ASC_REQ_CONNECTION | AscReq.ASC_REQ_STREAM);
            // SPNEGO has reject tokens; the Kerberos acceptor a KRB-ERROR for an initiator that waits for an answer
            if (pkg == SecurityPackage.NEGOTIATE
                    || (pkg == SecurityPackage.KERBEROS && granted.contains(ContextFlag.MUTUAL))) {
                bits |= req & AscReq.ASC_REQ_EXTENDED_ERROR;
            }
        }
        return bits;
    }
}
