package net.mobilemessaging.openfire;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Collects what our compiled classes need from Openfire at link time: every class they name and every method and
 * field they call or read, written {@code org/jivesoftware/Foo} and {@code org/jivesoftware/Foo#bar(Ljava/lang/String;)V}.
 */
final class OpenfireApiReferences {

    static final String PREFIX = "org/jivesoftware/";

    private OpenfireApiReferences() {
    }

    /** Reference → the classes of ours that make it. */
    static Map<String, Set<String>> scan(Path classesDir, String... prefixes) throws IOException {
        Map<String, Set<String>> refs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    new ClassReader(in).accept(new Collector(refs, prefixes), ClassReader.SKIP_FRAMES);
                }
            }
        }
        return refs;
    }

    private static final class Collector extends ClassVisitor {
        private final Map<String, Set<String>> refs;
        private final String[] prefixes;
        private String self;

        Collector(Map<String, Set<String>> refs, String[] prefixes) {
            super(Opcodes.ASM9);
            this.refs = refs;
            this.prefixes = prefixes;
        }

        void add(String ref) {
            for (String prefix : prefixes) {
                if (ref.startsWith(prefix)) {
                    refs.computeIfAbsent(ref, r -> new TreeSet<>()).add(self);
                }
            }
        }

        void type(Type t) {
            if (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() == Type.OBJECT) {
                add(t.getInternalName());
            } else if (t.getSort() == Type.METHOD) {
                type(t.getReturnType());
                for (Type a : t.getArgumentTypes()) {
                    type(a);
                }
            }
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            self = name.replace('/', '.');
            if (superName != null) {
                add(superName);
            }
            for (String i : interfaces) {
                add(i);
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            type(Type.getMethodType(descriptor));
            if (exceptions != null) {
                for (String e : exceptions) {
                    add(e);
                }
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                    add(owner + "#" + n + d);
                    type(Type.getMethodType(d));
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String n, String d) {
                    add(owner + "#" + n + ":" + d);
                    type(Type.getType(d));
                }

                @Override
                public void visitTypeInsn(int opcode, String t) {
                    type(Type.getObjectType(t));
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String t) {
                    if (t != null) {
                        add(t);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type t) {
                        type(t);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                    type(Type.getMethodType(d));
                    for (Object arg : args) {
                        if (arg instanceof Handle h) {
                            add(h.getOwner() + "#" + h.getName() + h.getDesc());
                        }
                    }
                }
            };
        }
    }
}
