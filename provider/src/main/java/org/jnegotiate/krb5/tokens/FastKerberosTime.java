package org.jnegotiate.krb5.tokens;

import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.jnegotiate.asn1.GeneralizedTime;

/**
 * Kerby's KerberosTime, encoded by {@link GeneralizedTime#format} instead of Kerby's SimpleDateFormat (a
 * formatter, a Calendar and a String per encoded time). The bytes are the same: {@code YYYYMMDDHHMMSSZ}, UTC,
 * the milliseconds dropped. A year outside 0000-9999 (which Kerby would write in more or fewer digits, not a
 * valid KerberosTime) is left to Kerby.
 */
final class FastKerberosTime extends KerberosTime {
    FastKerberosTime(long epochMillis) {
        super(epochMillis);
    }

    @Override
    protected void toBytes() {
        long second = Math.floorDiv(getTime(), 1000L);
        if (GeneralizedTime.isFormattable(second)) {
            setBytes(GeneralizedTime.format(second));
        } else {
            super.toBytes();
        }
    }
}
