package org.jnegotiate.krb5.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3961 appendix A.1, the n-fold vectors. */
class NFoldTest {

    @ParameterizedTest(name = "{1}-fold(\"{0}\")")
    @CsvSource(
            delimiter = '|',
            value = {
                "012345|64|be072631276b1955",
                "password|56|78a07b6caf85fa",
                "Rough Consensus, and Running Code|64|bb6ed30870b7f0e0",
                "password|168|59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e",
                "MASSACHVSETTS INSTITVTE OF TECHNOLOGY|192|db3b0d8f0b061e603282b308a50841229ad798fab9540c1b",
                "Q|168|518a54a215a8452a518a54a215a8452a518a54a215",
                "ba|168|fb25d531ae8974499f52fd92ea9857c4ba24cf297e",
                "kerberos|64|6b65726265726f73",
                "kerberos|128|6b65726265726f737b9b5b2b93132b93",
                "kerberos|168|8372c236344e5f1550cd0747e15d62ca7a5a3bcea4",
                "kerberos|256|6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4",
            })
    void nfold_rfc3961AppendixA1_matches(String input, int bits, String expected) {
        byte[] out = NFold.nfold(input.getBytes(StandardCharsets.US_ASCII), bits / 8);
        assertEquals(expected, Hex.encode(out));
        // the cache gives the same value the first time (computed) and the second (from the cache)
        assertEquals(expected, Hex.encode(NFold.cached(input.getBytes(StandardCharsets.US_ASCII), bits / 8)));
        assertEquals(expected, Hex.encode(NFold.cached(input.getBytes(StandardCharsets.US_ASCII), bits / 8)));
    }

    /** Every usage number RFC 4120/4121/4757 and MS-KILE define (1-64 covers them) with each key kind. */
    @Test
    void cached_everyUsageAndKind_equalsUncomputedNFold() {
        byte[] kinds = {KeyDerivation.CHECKSUM, KeyDerivation.ENCRYPTION, KeyDerivation.INTEGRITY};
        for (int usage = 0; usage <= 64; usage++) {
            for (byte kind : kinds) {
                byte[] constant = KeyDerivation.usageConstant(usage, kind);
                byte[] expected = NFold.nfold(constant, AesCts.BLOCK);
                assertArrayEquals(expected, NFold.cached(constant, AesCts.BLOCK), "usage " + usage + " kind " + kind);
                assertArrayEquals(expected, NFold.cached(constant, AesCts.BLOCK), "usage " + usage + " kind " + kind);
            }
        }
        assertTrue(NFold.cachedCount() >= 65 * 3, "cached " + NFold.cachedCount());
    }

    @Test
    void cached_callerOverwritesResult_cacheUnchanged() {
        byte[] constant = KeyDerivation.usageConstant(24, KeyDerivation.ENCRYPTION);
        byte[] first = NFold.cached(constant, AesCts.BLOCK);
        byte[] expected = first.clone();
        Arrays.fill(first, (byte) 0); // KeyDerivation.dk zeroes its block after use
        byte[] second = NFold.cached(constant, AesCts.BLOCK);
        assertNotSame(first, second);
        assertArrayEquals(expected, second);
        assertArrayEquals(NFold.nfold(constant, AesCts.BLOCK), second);
    }

    @Test
    void cached_sameBytesDifferentLengths_keptApart() {
        byte[] constant = "kerberos".getBytes(StandardCharsets.US_ASCII);
        assertEquals("6b65726265726f737b9b5b2b93132b93", Hex.encode(NFold.cached(constant, 16)));
        assertEquals("8372c236344e5f1550cd0747e15d62ca7a5a3bcea4", Hex.encode(NFold.cached(constant, 21)));
    }
}
