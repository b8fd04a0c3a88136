package org.jnegotiate.gss;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The agent's one change to the JDK (issue 11): the acceptor side of {@code sun.security.jgss.GSSContextImpl}
 * requires the RFC 2743 header on the first token and fails anything else with "Defective token detected
 * (GSSHeader did not find the right tag)" before any provider sees it, so a raw NTLMSSP message or a bare
 * NegTokenResp (see {@link UnframedFirstTokens}) never reaches JNegotiate's SPNEGO acceptor.
 *
 * <p>The patch inserts one call, {@code inStream = JNegotiateUnframedFirstTokens.frame(inStream)}, in
 * {@code acceptSecContext(InputStream, OutputStream)} just before the first-token {@code new GSSHeader(inStream)};
 * nothing else changes. It is checked: the method must have exactly the shape of JDK 17 to 25 (two
 * {@code new GSSHeader(inStream)}, the first right after {@code if (mechCtxt == null)} and followed by
 * {@code getMechTokenLength()}); otherwise nothing is patched and a WARNING says why. The hook class is defined in
 * {@code sun.security.jgss} before the patch is applied, so the patched code always finds it.
 * {@code jnegotiate.agent.unframedTokens=false} switches it off. ASM is relocated inside {@code jnegotiate.jar}.
 */
final class JdkFramingPatch {
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.gss");

    static final String TARGET = "sun/security/jgss/GSSContextImpl";
    /** The copy of {@link UnframedFirstTokens} inside java.security.jgss. */
    static final String HOOK = "sun/security/jgss/JNegotiateUnframedFirstTokens";

    private static final String METHOD = "acceptSecContext";
    private static final String METHOD_DESC = "(Ljava/io/InputStream;Ljava/io/OutputStream;)V";
    private static final String HEADER = "sun/security/jgss/GSSHeader";
    private static final String HEADER_FROM_STREAM = "INVOKESPECIAL " + HEADER + ".<init>(Ljava/io/InputStream;)V";
    /** {@code new GSSHeader(inStream)}, inStream being the first parameter (local 1). */
    private static final List<String> NEW_HEADER = List.of("NEW " + HEADER, "DUP", "ALOAD 1", HEADER_FROM_STREAM);
    /** {@code if (mechCtxt == null)} right before the first one. */
    private static final List<String> FIRST_TOKEN_TEST =
            List.of("ALOAD 0", "GETFIELD " + TARGET + ".mechCtxt:Lsun/security/jgss/spi/GSSContextSpi;", "IFNONNULL");

    private static final String HOOK_DESC = "(Ljava/io/InputStream;)Ljava/io/InputStream;";

    /** How applying the patch went. */
    enum Outcome {
        PATCHED,
        SWITCHED_OFF,
        NOT_PATCHED
    }

    /** The result of {@link #patch}: the new class bytes, or why there are none. */
    record Patched(byte[] bytes, String whyNot) {
        boolean ok() {
            return bytes != null;
        }
    }

    private JdkFramingPatch() {}

    /**
     * Patches this JVM's {@code GSSContextImpl} through {@code inst} unless {@code enabled} is false; logs the
     * outcome (WARNING when the JDK's code is not the expected shape or anything fails: then nothing is patched).
     */
    static Outcome apply(Instrumentation inst, boolean enabled) {
        if (!enabled) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "jnegotiate.agent.unframedTokens=false: the JDK's acceptor keeps"
                            + " refusing unframed first tokens (raw NTLMSSP, a bare NegTokenResp)");
            return Outcome.SWITCHED_OFF;
        }
        try {
            return applyChecked(inst);
        } catch (RuntimeException
                | LinkageError
                | ReflectiveOperationException
                | IOException
                | UnmodifiableClassException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "JNegotiate did not patch the JDK's GSS acceptor (" + e
                            + "): raw NTLMSSP and bare NegTokenResp first tokens stay refused as defective tokens");
            return Outcome.NOT_PATCHED;
        }
    }

    private static Outcome applyChecked(Instrumentation inst)
            throws ReflectiveOperationException, IOException, UnmodifiableClassException {
        Class<?> header = Class.forName(HEADER.replace('/', '.'));
        Module jgss = header.getModule();
        inst.redefineModule(
                jgss,
                Set.of(),
                Map.of(),
                Map.of("sun.security.jgss", Set.of(JdkFramingPatch.class.getModule())),
                Set.of(),
                Map.of());
        ClassLoader loader = header.getClassLoader();
        if (!isLoaded(HOOK, loader)) {
            MethodHandles.privateLookupIn(header, MethodHandles.lookup()).defineClass(hookClass());
        }
        Patched[] result = new Patched[1];
        ClassFileTransformer transformer = new ClassFileTransformer() {
            @Override
            public byte[] transform(
                    Module module,
                    ClassLoader l,
                    String name,
                    Class<?> redefined,
                    ProtectionDomain domain,
                    byte[] bytes) {
                if (!TARGET.equals(name)) {
                    return null;
                }
                try {
                    result[0] = patch(bytes);
                } catch (RuntimeException e) {
                    result[0] = new Patched(null, "ASM failed: " + e);
                }
                return result[0].ok() ? result[0].bytes() : null;
            }
        };
        Class<?> loaded = loadedClass(inst, TARGET.replace('/', '.'));
        inst.addTransformer(transformer, true);
        try {
            if (loaded != null) {
                inst.retransformClasses(loaded);
            } else {
                Class.forName(TARGET.replace('/', '.'), false, loader);
            }
        } finally {
            inst.removeTransformer(transformer);
        }
        if (result[0] == null) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "JNegotiate did not patch the JDK's GSS acceptor: " + TARGET
                            + " was not offered for transformation; raw NTLMSSP first tokens stay refused");
            return Outcome.NOT_PATCHED;
        }
        if (!result[0].ok()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "JNegotiate did not patch the JDK's GSS acceptor: "
                            + result[0].whyNot() + "; raw NTLMSSP and bare NegTokenResp first tokens stay refused as"
                            + " defective tokens (Java " + Runtime.version() + ")");
            return Outcome.NOT_PATCHED;
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "JNegotiate patched {0}.{1}: unframed first tokens reach the SPNEGO" + " acceptor",
                TARGET,
                METHOD);
        return Outcome.PATCHED;
    }

    private static boolean isLoaded(String internalName, ClassLoader loader) {
        try {
            Class.forName(internalName.replace('/', '.'), false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Class<?> loadedClass(Instrumentation inst, String name) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The patched class, or why not: the bytes of {@code GSSContextImpl} must hold exactly one
     * {@code acceptSecContext(InputStream, OutputStream)} of the expected shape.
     */
    static Patched patch(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        if (!TARGET.equals(reader.getClassName())) {
            return new Patched(null, "the class is " + reader.getClassName() + ", not " + TARGET);
        }
        List<List<String>> methods = new ArrayList<>();
        reader.accept(
                new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String desc, String signature, String[] ex) {
                        if (!METHOD.equals(name) || !METHOD_DESC.equals(desc)) {
                            return null;
                        }
                        List<String> code = new ArrayList<>();
                        methods.add(code);
                        return new InstructionRecorder(null) {
                            @Override
                            void instruction(String text) {
                                code.add(text);
                            }
                        };
                    }
                },
                0);
        if (methods.size() != 1) {
            return new Patched(null, "expected one " + METHOD + METHOD_DESC + ", found " + methods.size());
        }
        List<String> code = methods.get(0);
        List<Integer> at = occurrences(code, NEW_HEADER);
        if (at.size() != 2) {
            return new Patched(
                    null,
                    METHOD + " constructs GSSHeader from its stream " + at.size()
                            + " times, not twice (first and later tokens)");
        }
        int first = at.get(0);
        if (first < FIRST_TOKEN_TEST.size()
                || !code.subList(first - FIRST_TOKEN_TEST.size(), first).equals(FIRST_TOKEN_TEST)) {
            return new Patched(null, "the first new GSSHeader(inStream) does not follow if (mechCtxt == null)");
        }
        int after = first + NEW_HEADER.size();
        if (code.size() < after + 3
                || !code.get(after).startsWith("ASTORE ")
                || !code.get(after + 1).equals("ALOAD " + code.get(after).substring("ASTORE ".length()))
                || !code.get(after + 2).equals("INVOKEVIRTUAL " + HEADER + ".getMechTokenLength()I")) {
            return new Patched(null, "the first-token GSSHeader is not followed by getMechTokenLength()");
        }
        if (code.contains("ASTORE 1")) {
            return new Patched(null, METHOD + " already assigns its stream parameter");
        }
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(
                new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String desc, String signature, String[] ex) {
                        MethodVisitor out = super.visitMethod(access, name, desc, signature, ex);
                        if (!METHOD.equals(name) || !METHOD_DESC.equals(desc)) {
                            return out;
                        }
                        return new InstructionRecorder(out) {
                            private int index;

                            @Override
                            void instruction(String text) {
                                if (index++ == first) {
                                    // inStream = JNegotiateUnframedFirstTokens.frame(inStream);
                                    mv.visitVarInsn(Opcodes.ALOAD, 1);
                                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "frame", HOOK_DESC, false);
                                    mv.visitVarInsn(Opcodes.ASTORE, 1);
                                }
                            }
                        };
                    }
                },
                0);
        return new Patched(writer.toByteArray(), null);
    }

    private static List<Integer> occurrences(List<String> code, List<String> pattern) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + pattern.size() <= code.size(); i++) {
            if (code.subList(i, i + pattern.size()).equals(pattern)) {
                at.add(i);
            }
        }
        return at;
    }

    /** {@link UnframedFirstTokens} renamed to {@link #HOOK}: a class of java.security.jgss's own package. */
    static byte[] hookClass() throws IOException {
        String own = UnframedFirstTokens.class.getName().replace('.', '/');
        byte[] original;
        try (InputStream in =
                UnframedFirstTokens.class.getResourceAsStream(UnframedFirstTokens.class.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("no class file for " + own);
            }
            original = in.readAllBytes();
        }
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(original)
                .accept(
                        new ClassVisitor(Opcodes.ASM9, writer) {
                            @Override
                            public void visit(
                                    int version,
                                    int access,
                                    String name,
                                    String signature,
                                    String superName,
                                    String[] interfaces) {
                                super.visit(version, access, HOOK, signature, superName, interfaces);
                            }

                            @Override
                            public void visitSource(String source, String debug) {
                                // the copy has no source file of its own
                            }

                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String desc, String signature, String[] ex) {
                                return new MethodVisitor(
                                        Opcodes.ASM9, super.visitMethod(access, name, desc, signature, ex)) {
                                    @Override
                                    public void visitFieldInsn(
                                            int opcode, String owner, String fieldName, String fieldDesc) {
                                        super.visitFieldInsn(
                                                opcode, own.equals(owner) ? HOOK : owner, fieldName, fieldDesc);
                                    }

                                    @Override
                                    public void visitMethodInsn(
                                            int opcode,
                                            String owner,
                                            String methodName,
                                            String methodDesc,
                                            boolean isInterface) {
                                        super.visitMethodInsn(
                                                opcode,
                                                own.equals(owner) ? HOOK : owner,
                                                methodName,
                                                methodDesc,
                                                isInterface);
                                    }
                                };
                            }
                        },
                        0);
        return writer.toByteArray();
    }

    /**
     * Sees each instruction of a method as one line of text ({@code opcode operand}) before passing it on: the
     * same numbering in the pass that checks the shape and in the pass that patches.
     */
    private abstract static class InstructionRecorder extends MethodVisitor {
        private static final String[] NAMES = opcodeNames();

        InstructionRecorder(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        abstract void instruction(String text);

        @Override
        public void visitInsn(int opcode) {
            instruction(NAMES[opcode]);
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            instruction(NAMES[opcode] + " " + operand);
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            instruction(NAMES[opcode] + " " + var);
            super.visitVarInsn(opcode, var);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            instruction(NAMES[opcode] + " " + type);
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            instruction(NAMES[opcode] + " " + owner + "." + name + ":" + desc);
            super.visitFieldInsn(opcode, owner, name, desc);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            instruction(NAMES[opcode] + " " + owner + "." + name + desc);
            super.visitMethodInsn(opcode, owner, name, desc, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... bsmArgs) {
            instruction("INVOKEDYNAMIC " + name + desc);
            super.visitInvokeDynamicInsn(name, desc, bsm, bsmArgs);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            instruction(NAMES[opcode]);
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            instruction("LDC " + value);
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            instruction("IINC " + var + " " + increment);
            super.visitIincInsn(var, increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            instruction("TABLESWITCH");
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            instruction("LOOKUPSWITCH");
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dims) {
            instruction("MULTIANEWARRAY " + desc + " " + dims);
            super.visitMultiANewArrayInsn(desc, dims);
        }

        /** Opcode mnemonics by value, from the constants of {@link Opcodes} (only those the shape check names matter). */
        private static String[] opcodeNames() {
            String[] names = new String[256];
            for (int i = 0; i < names.length; i++) {
                names[i] = "OP_" + i;
            }
            names[Opcodes.ALOAD] = "ALOAD";
            names[Opcodes.ASTORE] = "ASTORE";
            names[Opcodes.DUP] = "DUP";
            names[Opcodes.NEW] = "NEW";
            names[Opcodes.GETFIELD] = "GETFIELD";
            names[Opcodes.PUTFIELD] = "PUTFIELD";
            names[Opcodes.IFNONNULL] = "IFNONNULL";
            names[Opcodes.INVOKESPECIAL] = "INVOKESPECIAL";
            names[Opcodes.INVOKEVIRTUAL] = "INVOKEVIRTUAL";
            names[Opcodes.INVOKESTATIC] = "INVOKESTATIC";
            names[Opcodes.INVOKEINTERFACE] = "INVOKEINTERFACE";
            return names;
        }
    }
}
