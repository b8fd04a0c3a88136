package org.jnegotiate.krb5.pac;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.mech.NegotiateException;

/**
 * The PAC's logon information (MS-PAC 2.5, KERB_VALIDATION_INFO): who the user is in the domain and which groups
 * the domain controller put the user in. Only the fields an authorization decision or a log line needs are kept;
 * the rest (times, counters, the unused session key, profile paths) are read and checked, then dropped.
 *
 * @param effectiveName     the account name (sAMAccountName)
 * @param fullName          the display name
 * @param logonServer       the NetBIOS name of the DC that authenticated the user
 * @param logonDomainName   the NetBIOS name of the user's domain
 * @param logonDomainSid    the SID of the user's domain
 * @param userId            the RID of the user in that domain
 * @param primaryGroupId    the RID of the user's primary group (513 Domain Users, usually)
 * @param groupIds          the domain groups the user is in (RIDs in the logon domain)
 * @param userFlags         MS-PAC UserFlags (0x20 EXTRA_SIDS, 0x200 RESOURCE_GROUPS ...)
 * @param extraSids         SIDs from other domains and well-known SIDs (with their attributes)
 * @param resourceGroupDomainSid the domain of {@code resourceGroupIds} (domain-local groups of a resource domain)
 * @param resourceGroupIds  RIDs of resource groups
 */
public record KerbValidationInfo(
        String effectiveName,
        String fullName,
        String logonServer,
        String logonDomainName,
        Sid logonDomainSid,
        long userId,
        long primaryGroupId,
        List<GroupMembership> groupIds,
        long userFlags,
        List<SidAndAttributes> extraSids,
        Optional<Sid> resourceGroupDomainSid,
        List<GroupMembership> resourceGroupIds) {

    /** UserFlags bit: ExtraSids is present. */
    public static final long LOGON_EXTRA_SIDS = 0x20;
    /** UserFlags bit: ResourceGroupIds is present. */
    public static final long LOGON_RESOURCE_GROUPS = 0x200;
    /** NDR type serialization version 1 (MS-RPCE 2.2.6), little-endian. */
    private static final int NDR_VERSION = 1;

    private static final int NDR_LITTLE_ENDIAN = 0x10;
    /** Group counts above this are refused before any allocation (Windows caps a token at 1024 SIDs). */
    static final int MAX_SIDS = 4096;

    public KerbValidationInfo {
        groupIds = List.copyOf(groupIds);
        extraSids = List.copyOf(extraSids);
        resourceGroupIds = List.copyOf(resourceGroupIds);
    }

    /** GROUP_MEMBERSHIP: a group's RID and its SE_GROUP_* attributes. */
    public record GroupMembership(long relativeId, long attributes) {}

    /** KERB_SID_AND_ATTRIBUTES. */
    public record SidAndAttributes(Sid sid, long attributes) {}

    /** The user's SID: the logon domain's SID and the user's RID. */
    public Sid userSid() {
        return logonDomainSid.withRid(userId);
    }

    /** The primary group's SID. */
    public Sid primaryGroupSid() {
        return logonDomainSid.withRid(primaryGroupId);
    }

    /**
     * Every group SID of the user, as Windows builds a token from the PAC: the domain groups, the extra SIDs, and
     * the resource groups when {@link #LOGON_RESOURCE_GROUPS} is set.
     */
    public List<Sid> groupSids() {
        List<Sid> sids = new ArrayList<>();
        for (GroupMembership g : groupIds) {
            sids.add(logonDomainSid.withRid(g.relativeId()));
        }
        for (SidAndAttributes s : extraSids) {
            sids.add(s.sid());
        }
        if ((userFlags & LOGON_RESOURCE_GROUPS) != 0 && resourceGroupDomainSid.isPresent()) {
            for (GroupMembership g : resourceGroupIds) {
                sids.add(resourceGroupDomainSid.get().withRid(g.relativeId()));
            }
        }
        return List.copyOf(sids);
    }

    /**
     * Decodes the NDR type serialization (MS-RPCE 2.2.6: common header, private header, then the top-level
     * pointer) of a KERB_VALIDATION_INFO. Deferred pointers are read in the order NDR writes them; every count is
     * checked against the bytes left before anything is allocated.
     */
    static KerbValidationInfo decode(byte[] pac, int offset, int length) throws NegotiateException {
        LittleEndianReader in = new LittleEndianReader(pac, offset, length, "PAC logon info");
        readSerializationHeader(in);
        Fixed f = Fixed.read(in);
        // the deferred referents, in the order of their pointers
        String effective = f.effectiveName().readDeferred(in);
        String full = f.fullName().readDeferred(in);
        for (Ndr.UnicodeString unused : f.unusedStrings()) {
            unused.readDeferred(in);
        }
        List<GroupMembership> groupIds = f.groups() ? Ndr.groups(in, f.groupCount(), "GroupIds") : List.of();
        String server = f.logonServer().readDeferred(in);
        String domain = f.logonDomainName().readDeferred(in);
        if (!f.domainSid()) {
            throw in.invalid("no LogonDomainId");
        }
        Sid logonDomainSid = Ndr.sid(in, "LogonDomainId");
        List<SidAndAttributes> extraSids = f.extra() ? Ndr.sidsAndAttributes(in, f.sidCount(), "ExtraSids") : List.of();
        Optional<Sid> resourceSid =
                f.resourceDomain() ? Optional.of(Ndr.sid(in, "ResourceGroupDomainSid")) : Optional.empty();
        List<GroupMembership> resourceIds =
                f.resources() ? Ndr.groups(in, f.resourceCount(), "ResourceGroupIds") : List.of();
        return new KerbValidationInfo(
                effective,
                full,
                server,
                domain,
                logonDomainSid,
                f.userId(),
                f.primaryGroupId(),
                groupIds,
                f.userFlags(),
                extraSids,
                resourceSid,
                resourceIds);
    }

    /** The type serialization's common and private headers and the top-level pointer (MS-RPCE 2.2.6). */
    private static void readSerializationHeader(LittleEndianReader in) throws NegotiateException {
        int version = in.u8("NDR version");
        int endianness = in.u8("NDR endianness");
        int headerLength = in.u16("NDR header length");
        in.skip(4, "NDR filler");
        if (version != NDR_VERSION || endianness != NDR_LITTLE_ENDIAN || headerLength != 8) {
            throw in.invalid("not a little-endian NDR type serialization v1 (" + version + ", 0x"
                    + Integer.toHexString(endianness) + ", " + headerLength + ")");
        }
        long objectLength = in.u32("NDR object buffer length");
        in.skip(4, "NDR private header filler");
        in.require(objectLength, "NDR object buffer");
        if (in.u32("top-level pointer") == 0) {
            throw in.invalid("null KERB_VALIDATION_INFO");
        }
    }

    /**
     * The fixed part of KERB_VALIDATION_INFO: the scalars, and the headers and pointers of what follows it
     * (the strings' and arrays' referents, read after it in pointer order).
     */
    private record Fixed(
            Ndr.UnicodeString effectiveName,
            Ndr.UnicodeString fullName,
            List<Ndr.UnicodeString> unusedStrings,
            long userId,
            long primaryGroupId,
            long groupCount,
            boolean groups,
            long userFlags,
            Ndr.UnicodeString logonServer,
            Ndr.UnicodeString logonDomainName,
            boolean domainSid,
            long sidCount,
            boolean extra,
            boolean resourceDomain,
            long resourceCount,
            boolean resources) {

        static Fixed read(LittleEndianReader in) throws NegotiateException {
            in.skip(6 * 8, "logon times");
            Ndr.UnicodeString effectiveName = Ndr.UnicodeString.read(in, "EffectiveName");
            Ndr.UnicodeString fullName = Ndr.UnicodeString.read(in, "FullName");
            List<Ndr.UnicodeString> unused = List.of(
                    Ndr.UnicodeString.read(in, "LogonScript"),
                    Ndr.UnicodeString.read(in, "ProfilePath"),
                    Ndr.UnicodeString.read(in, "HomeDirectory"),
                    Ndr.UnicodeString.read(in, "HomeDirectoryDrive"));
            in.skip(4, "LogonCount, BadPasswordCount");
            long userId = in.u32("UserId");
            long primaryGroupId = in.u32("PrimaryGroupId");
            long groupCount = in.u32("GroupCount");
            boolean groups = in.u32("GroupIds pointer") != 0;
            long userFlags = in.u32("UserFlags");
            in.skip(16, "UserSessionKey");
            Ndr.UnicodeString logonServer = Ndr.UnicodeString.read(in, "LogonServer");
            Ndr.UnicodeString logonDomainName = Ndr.UnicodeString.read(in, "LogonDomainName");
            boolean domainSid = in.u32("LogonDomainId pointer") != 0;
            in.skip(8 + 4 + 4 + 8 + 8 + 4 + 4, "Reserved1 .. Reserved3");
            long sidCount = in.u32("SidCount");
            boolean extra = in.u32("ExtraSids pointer") != 0;
            boolean resourceDomain = in.u32("ResourceGroupDomainSid pointer") != 0;
            long resourceCount = in.u32("ResourceGroupCount");
            boolean resources = in.u32("ResourceGroupIds pointer") != 0;
            return new Fixed(
                    effectiveName,
                    fullName,
                    unused,
                    userId,
                    primaryGroupId,
                    groupCount,
                    groups,
                    userFlags,
                    logonServer,
                    logonDomainName,
                    domainSid,
                    sidCount,
                    extra,
                    resourceDomain,
                    resourceCount,
                    resources);
        }
    }
}
