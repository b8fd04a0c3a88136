package org.jnegotiate.sspi;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.PeerName;

/** QueryContextAttributes: fills the {@link SecPkgContext} structure of one SECPKG_ATTR_* value. */
final class ContextAttributes {
    private ContextAttributes() {}

    static void query(Sspi sspi, SecurityContext ctx, int attribute, SecPkgContext.Attribute out) throws SspiException {
        if (out == null) {
            throw new SspiException(Failure.INVALID_PARAMETER, "pBuffer is required");
        }
        int maxToken = ctx.maxTokenSize();
        switch (attribute) {
            case Sspi.SECPKG_ATTR_SIZES:
                MessageSecurity.sizes(ctx, cast(out, SecPkgContext.Sizes.class));
                return;
            case Sspi.SECPKG_ATTR_STREAM_SIZES:
                MessageSecurity.streamSizes(ctx, cast(out, SecPkgContext.StreamSizes.class));
                return;
            case Sspi.SECPKG_ATTR_NAMES: {
                SecPkgContext.Names n = cast(out, SecPkgContext.Names.class);
                n.sUserName = name(
                        ctx.establishedContext()
                                .initiatorName()
                                .map(PeerName::name)
                                .orElse(null),
                        "client");
                return;
            }
            case Sspi.SECPKG_ATTR_NATIVE_NAMES: {
                SecPkgContext.NativeNames n = cast(out, SecPkgContext.NativeNames.class);
                MechContext m = ctx.establishedContext();
                n.sClientName = m.initiatorName().map(PeerName::name).orElse(null);
                n.sServerName = m.acceptorName().map(PeerName::name).orElse(null);
                return;
            }
            case Sspi.SECPKG_ATTR_LIFESPAN: {
                SecPkgContext.Lifespan l = cast(out, SecPkgContext.Lifespan.class);
                MechContext m = ctx.establishedContext();
                l.tsStart.set(ctx.started().orElse(sspi.engine().clock().instant()));
                l.tsExpiry.set(m.expiry().orElse(null));
                return;
            }
            case Sspi.SECPKG_ATTR_SESSION_KEY: {
                SecPkgContext.SessionKey k = cast(out, SecPkgContext.SessionKey.class);
                k.SessionKey = Sspi.sessionKey(ctx.establishedContext());
                k.SessionKeyLength = k.SessionKey.length;
                return;
            }
            case Sspi.SECPKG_ATTR_PACKAGE_INFO:
                cast(out, SecPkgContext.PackageInfo.class).PackageInfo.fill(ctx.negotiatedPackage(), maxToken);
                return;
            case Sspi.SECPKG_ATTR_NEGOTIATION_INFO: {
                if (ctx.pkg() != SecurityPackage.NEGOTIATE) {
                    throw new SspiException(
                            Failure.UNSUPPORTED_FUNCTION,
                            "SECPKG_ATTR_NEGOTIATION_INFO belongs to the Negotiate package");
                }
                SecPkgContext.NegotiationInfo n = cast(out, SecPkgContext.NegotiationInfo.class);
                n.PackageInfo.fill(ctx.negotiatedPackage(), maxToken);
                n.NegotiationState =
                        ctx.isEstablished() ? Sspi.SECPKG_NEGOTIATION_COMPLETE : Sspi.SECPKG_NEGOTIATION_IN_PROGRESS;
                return;
            }
            case Sspi.SECPKG_ATTR_FLAGS:
                cast(out, SecPkgContext.Flags.class).Flags = ctx.attributes();
                return;
            default:
                throw new SspiException(Failure.UNSUPPORTED_FUNCTION, "SECPKG_ATTR " + attribute + " is not supported");
        }
    }

    private static String name(String n, String which) throws SspiException {
        if (n == null) {
            throw new SspiException(Failure.INVALID_HANDLE, "the " + which + " name is not known yet");
        }
        return n;
    }

    private static <T extends SecPkgContext.Attribute> T cast(SecPkgContext.Attribute out, Class<T> type)
            throws SspiException {
        if (!type.isInstance(out)) {
            throw new SspiException(
                    Failure.INVALID_PARAMETER,
                    "this attribute fills a SecPkgContext." + type.getSimpleName() + ", not a "
                            + out.getClass().getSimpleName());
        }
        return type.cast(out);
    }
}
