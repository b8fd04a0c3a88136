package org.jnegotiate.bench;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SPNEGO tokens of one Kerberos handshake (a NegTokenInit carrying a 1,300-byte AP-REQ, a NegTokenResp
 * carrying a 150-byte AP-REP) encoded and decoded alone: SPNEGO's own cost over bare Kerberos. Run with
 * {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX})
public class SpnegoCodecBench {
    private NegTokenInit init;
    private byte[] initDer;
    private NegTokenResp resp;
    private byte[] respDer;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] apReq = new byte[1_300];
        random.nextBytes(apReq);
        byte[] apRep = new byte[150];
        random.nextBytes(apRep);
        init = NegTokenInit.of(MechTypeList.of(List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLM)), apReq);
        initDer = init.encode();
        resp = NegTokenResp.of(NegState.ACCEPT_COMPLETED, MechOid.MS_KERBEROS, apRep, null);
        respDer = resp.encode();
    }

    @Benchmark
    public Object encodeInit() {
        return init.encode();
    }

    @Benchmark
    public Object decodeInit() throws Exception {
        return NegotiationToken.decode(initDer);
    }

    @Benchmark
    public Object encodeResp() {
        return resp.encode();
    }

    @Benchmark
    public Object decodeResp() throws Exception {
        return NegotiationToken.decode(respDer);
    }
}
