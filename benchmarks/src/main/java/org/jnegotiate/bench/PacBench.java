package org.jnegotiate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jnegotiate.krb5.KerberosWorld;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.mech.NegotiateException;
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
 * What the PAC adds to an acceptor's handshake with an AD ticket: decoding a Samba 4.17 PAC (808 bytes: logon info
 * in NDR, client info, UPN info, five signatures) and the server signature's checksum over it with an AES256 key
 * (hmac-sha1-96, usage 17): the acceptor's verification is these two plus a copy of the PAC.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX})
public class PacBench {
    private byte[] pac;
    private Krb5Cipher serviceKey;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = PacBench.class.getResourceAsStream("samba-4.17-tampuser.pac")) {
            pac = in.readAllBytes();
        }
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        serviceKey = Krb5Ciphers.of(
                new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, key),
                KerberosWorld.real().random());
    }

    @Benchmark
    public Pac decode() throws NegotiateException {
        return Pac.decode(pac);
    }

    @Benchmark
    public byte[] serverSignatureChecksum() {
        return serviceKey.checksum(17, pac, 0, pac.length);
    }
}
