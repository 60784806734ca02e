package net.mobilemessaging.openfire;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A developer's tool, not a test: checks that every Openfire class and member our classes reference exists, with
 * the same descriptor, in a given Openfire jar (e.g. an {@code xmppserver-5.1.1.jar} you have at hand). Used to
 * confirm entries before adding them to {@code openfire/verified-on-5.1.txt}.
 * <pre>
 * java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/ow2/asm/asm/9.7.1/asm-9.7.1.jar \
 *   net.mobilemessaging.openfire.OpenfireLinkageCheck target/classes /path/to/xmppserver-5.1.1.jar
 * </pre>
 */
public final class OpenfireLinkageCheck {

    private final Map<String, ClassInfo> classes = new HashMap<>();

    private record ClassInfo(String superName, List<String> interfaces, Set<String> members) {
    }

    public static void main(String[] args) throws IOException {
        OpenfireLinkageCheck check = new OpenfireLinkageCheck();
        check.load(Path.of(args[1]));
        int missing = 0;
        for (String ref : OpenfireApiReferences.scan(Path.of(args[0]), OpenfireApiReferences.PREFIX).keySet()) {
            boolean ok = check.resolves(ref);
            System.out.println((ok ? "ok      " : "MISSING ") + ref);
            if (!ok) {
                missing++;
            }
        }
        System.out.println(missing == 0 ? "All references resolve." : missing + " references do not resolve.");
        System.exit(missing == 0 ? 0 : 1);
    }

    private void load(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        read(in);
                    }
                }
            }
        }
    }

    private void read(InputStream in) throws IOException {
        // Also reads JDK classes (via the system class loader) when a member is inherited from them.
        new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
            String name;
            final Set<String> members = new HashSet<>();
            String superName;
            List<String> interfaces;

            @Override
            public void visit(int v, int a, String n, String s, String sup, String[] itf) {
                name = n;
                superName = sup;
                interfaces = itf == null ? List.of() : List.of(itf);
            }

            @Override
            public MethodVisitor visitMethod(int a, String n, String d, String s, String[] e) {
                members.add(n + d);
                return null;
            }

            @Override
            public FieldVisitor visitField(int a, String n, String d, String s, Object v) {
                members.add(n + ":" + d);
                return null;
            }

            @Override
            public void visitEnd() {
                classes.put(name, new ClassInfo(superName, interfaces, members));
            }
        }, ClassReader.SKIP_CODE);
    }

    private ClassInfo loadJdkClass(String owner) {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(owner + ".class")) {
            if (in == null) {
                return null;
            }
            read(in);
            return classes.get(owner);
        } catch (IOException e) {
            return null;
        }
    }

    boolean resolves(String ref) {
        int hash = ref.indexOf('#');
        if (hash < 0) {
            return classes.containsKey(ref);
        }
        return hasMember(ref.substring(0, hash), ref.substring(hash + 1), new ArrayList<>());
    }

    private boolean hasMember(String owner, String member, List<String> seen) {
        ClassInfo info = classes.get(owner);
        if (info == null && owner.startsWith("java/")) {
            info = loadJdkClass(owner); // inherited from the runtime, e.g. Enum.name()
        }
        if (info == null || seen.contains(owner)) {
            return false;
        }
        seen.add(owner);
        if (info.members().contains(member)) {
            return true;
        }
        if (info.superName() != null && hasMember(info.superName(), member, seen)) {
            return true;
        }
        for (String i : info.interfaces()) {
            if (hasMember(i, member, seen)) {
                return true;
            }
        }
        return false;
    }
}
