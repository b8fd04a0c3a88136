package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.spnego.LogCapture;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The agent's patch of the JDK's GSS acceptor, on this JVM's own {@code GSSContextImpl} (the test command runs it on
 * JDK 17 and on JDK 25): applied to the real class, refused with its reason on any other shape, the hook's copy
 * working, and the switch. The patched JDK is exercised end to end by the conformance suite (servers in child JVMs
 * with {@code -javaagent}).
 */
class JdkFramingPatchTest {
    private static final byte[] RAW_NEGOTIATE =
            HexFormat.of().parseHex("4e544c4d5353500001000000978208e2" + "00000000000000000000000000000000");
    /** A NegTokenResp: [1] { SEQUENCE { [0] ENUMERATED accept-incomplete } }. */
    private static final byte[] NEG_TOKEN_RESP = HexFormat.of().parseHex("a1073005a0030a0101");

    private static byte[] jdkClass() throws Exception {
        return Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "java.security.jgss", JdkFramingPatch.TARGET + ".class"));
    }

    /** The instructions of {@code acceptSecContext(InputStream, OutputStream)}: opcode and owner.name of calls. */
    private static List<String> acceptCalls(byte[] classBytes) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classBytes)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String desc, String sig, String[] ex) {
                                if (!name.equals("acceptSecContext") || !desc.startsWith("(Ljava/io/InputStream;")) {
                                    return null;
                                }
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(int op, String owner, String n, String d, boolean itf) {
                                        calls.add(owner + "." + n);
                                    }
                                };
                            }
                        },
                        0);
        return calls;
    }

    /** The JDK's class with every instruction of acceptSecContext passed through {@code edit}. */
    private static byte[] edited(UnaryOperator<MethodVisitor> edit) throws Exception {
        ClassReader reader = new ClassReader(jdkClass());
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                        MethodVisitor mv = super.visitMethod(access, name, desc, sig, ex);
                        return name.equals("acceptSecContext") && desc.startsWith("(Ljava/io/InputStream;")
                                ? edit.apply(mv)
                                : mv;
                    }
                },
                0);
        return writer.toByteArray();
    }

    @Test
    void thisJdksAcceptor_patchedWithOneHookCallBeforeTheFirstTokenHeader() throws Exception {
        JdkFramingPatch.Patched p = JdkFramingPatch.patch(jdkClass());
        assertTrue(p.ok(), p.whyNot() + " on Java " + Runtime.version());
        List<String> calls = acceptCalls(p.bytes());
        String hook = JdkFramingPatch.HOOK + ".frame";
        assertEquals(1, calls.stream().filter(hook::equals).count(), calls.toString());
        assertEquals(calls.indexOf(hook) + 1, calls.indexOf("sun/security/jgss/GSSHeader.<init>"), calls.toString());
        List<String> unpatched = acceptCalls(jdkClass());
        calls.remove(hook);
        assertEquals(unpatched, calls, "nothing else changed");
    }

    @Test
    void anotherClass_notPatched() throws Exception {
        byte[] header = Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "java.security.jgss", "sun/security/jgss/GSSHeader.class"));
        JdkFramingPatch.Patched p = JdkFramingPatch.patch(header);
        assertFalse(p.ok());
        assertTrue(p.whyNot().contains("not " + JdkFramingPatch.TARGET), p.whyNot());
    }

    @Test
    void firstTokenTestChanged_notPatchedAndSaysWhy() throws Exception {
        byte[] changed = edited(mv -> new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) {
                super.visitJumpInsn(opcode == Opcodes.IFNONNULL ? Opcodes.IFNULL : opcode, label);
            }
        });
        JdkFramingPatch.Patched p = JdkFramingPatch.patch(changed);
        assertNull(p.bytes());
        assertTrue(p.whyNot().contains("does not follow if (mechCtxt == null)"), p.whyNot());
    }

    @Test
    void headerConstructedOnlyOnce_notPatchedAndSaysWhy() throws Exception {
        byte[] changed = edited(mv -> new MethodVisitor(Opcodes.ASM9, mv) {
            private int seen;

            @Override
            public void visitMethodInsn(int op, String owner, String name, String desc, boolean itf) {
                if (name.equals("<init>")
                        && owner.equals("sun/security/jgss/GSSHeader")
                        && desc.equals("(Ljava/io/InputStream;)V")
                        && seen++ == 1) {
                    // the later-token header now comes from another constructor of the same stack shape
                    super.visitMethodInsn(
                            op,
                            owner,
                            name,
                            "(Ljava/io/InputStream;)V".replace("InputStream", "FilterInputStream"),
                            itf);
                    return;
                }
                super.visitMethodInsn(op, owner, name, desc, itf);
            }
        });
        JdkFramingPatch.Patched p = JdkFramingPatch.patch(changed);
        assertNull(p.bytes());
        assertTrue(p.whyNot().contains("1 times, not twice"), p.whyNot());
    }

    @Test
    void methodMissing_notPatchedAndSaysWhy() throws Exception {
        ClassReader reader = new ClassReader(jdkClass());
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                        return super.visitMethod(
                                access, name.equals("acceptSecContext") ? "acceptContext" : name, desc, sig, ex);
                    }
                },
                0);
        JdkFramingPatch.Patched p = JdkFramingPatch.patch(writer.toByteArray());
        assertFalse(p.ok());
        assertTrue(p.whyNot().contains("found 0"), p.whyNot());
    }

    @Test
    void switchedOff_instrumentationUntouched() {
        List<String> calls = new ArrayList<>();
        assertEquals(JdkFramingPatch.Outcome.SWITCHED_OFF, JdkFramingPatch.apply(recording(calls), false));
        assertEquals(List.of(), calls);
    }

    /** The JVM's module system not opened by the (fake) instrumentation: nothing patched, a WARNING says why. */
    @Test
    void failureWhileApplying_notPatchedAndWarning() {
        List<String> calls = new ArrayList<>();
        try (LogCapture log = new LogCapture("org.jnegotiate.gss")) {
            assertEquals(JdkFramingPatch.Outcome.NOT_PATCHED, JdkFramingPatch.apply(recording(calls), true));
            assertTrue(
                    log.lines().stream()
                            .anyMatch(l -> l.level().equals("WARNING")
                                    && l.text().contains("did not patch the JDK's GSS acceptor")),
                    log.lines().toString());
        }
        assertFalse(calls.contains("addTransformer"), calls.toString());
    }

    private static Instrumentation recording(List<String> calls) {
        return (Instrumentation) Proxy.newProxyInstance(
                Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    Class<?> r = method.getReturnType();
                    return r == boolean.class ? Boolean.FALSE : r.isArray() ? new Class<?>[0] : null;
                });
    }

    // ---- the hook ----

    @Test
    void rawNtlmssp_framedAsSpnegoWithTheSameBytesInside() throws Exception {
        InputStream framed = UnframedFirstTokens.frame(new ByteArrayInputStream(RAW_NEGOTIATE));
        GssFraming.Framed f = GssFraming.unwrap(framed.readAllBytes());
        assertEquals(MechOid.SPNEGO, f.mechanism().orElseThrow());
        assertArrayEquals(RAW_NEGOTIATE, f.inner());
    }

    @Test
    void negTokenResp_framedAsSpnego() throws Exception {
        GssFraming.Framed f = GssFraming.unwrap(UnframedFirstTokens.frame(new ByteArrayInputStream(NEG_TOKEN_RESP))
                .readAllBytes());
        assertEquals(MechOid.SPNEGO, f.mechanism().orElseThrow());
        assertArrayEquals(NEG_TOKEN_RESP, f.inner());
    }

    @Test
    void longTokens_framedWithMinimalDerLengths() throws Exception {
        for (int size : new int[] {119, 120, 247, 248, 300, 65_527, 65_528, 70_000}) {
            byte[] token = java.util.Arrays.copyOf(RAW_NEGOTIATE, size);
            byte[] framed =
                    UnframedFirstTokens.frame(new ByteArrayInputStream(token)).readAllBytes();
            assertArrayEquals(token, GssFraming.unwrap(framed).inner(), "size " + size);
        }
    }

    @Test
    void framedOrOtherTokens_andOtherStreams_leftAlone() throws Exception {
        for (byte[] token : new byte[][] {
            GssFraming.wrap(MechOid.SPNEGO, NEG_TOKEN_RESP),
            {0x30, 0},
            {},
            {'N'},
            "NTLMSSP".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
        }) {
            ByteArrayInputStream in = new ByteArrayInputStream(token);
            assertSame(in, UnframedFirstTokens.frame(in));
            assertArrayEquals(token, in.readAllBytes(), "the stream is where it was");
        }
        InputStream other = new java.io.BufferedInputStream(new ByteArrayInputStream(RAW_NEGOTIATE));
        assertSame(other, UnframedFirstTokens.frame(other));
    }

    /** The copy the JDK runs: renamed into sun.security.jgss, nothing of JNegotiate referenced, same behaviour. */
    @Test
    void hookCopy_inTheJdksPackage_framesLikeTheOriginal() throws Exception {
        byte[] hook = JdkFramingPatch.hookClass();
        ClassReader reader = new ClassReader(hook);
        assertEquals(JdkFramingPatch.HOOK, reader.getClassName());
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset > 0 && hook[offset - 1] == 7) { // CONSTANT_Class
                String name = reader.readUTF8(offset, buffer);
                assertFalse(name.startsWith("org/jnegotiate"), "references " + name);
            }
        }
        Class<?> copy = new ClassLoader(null) {
            Class<?> define() {
                return defineClass(JdkFramingPatch.HOOK.replace('/', '.'), hook, 0, hook.length);
            }
        }.define();
        Method frame = copy.getMethod("frame", InputStream.class);
        InputStream out = (InputStream) frame.invoke(null, new ByteArrayInputStream(RAW_NEGOTIATE));
        assertArrayEquals(
                UnframedFirstTokens.frame(new ByteArrayInputStream(RAW_NEGOTIATE))
                        .readAllBytes(),
                out.readAllBytes());
    }
}
