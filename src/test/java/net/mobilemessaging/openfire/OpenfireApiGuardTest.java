package net.mobilemessaging.openfire;

import net.mobilemessaging.MobileMessagingPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin compiles against Openfire 4.2.0 but runs on 5.0/5.1, so the compiler cannot catch a call that no
 * longer links. This guard reads our compiled classes and fails on (1) any reference to an API known to break on
 * 5.1 ({@code openfire/broken-on-5.1.txt}) and (2) any Openfire reference not yet verified against 5.1.1
 * ({@code openfire/verified-on-5.1.txt}).
 */
class OpenfireApiGuardTest {

    @Test
    void noClassOfOursReferencesAnApiThatBreaksOnOpenfire51() throws Exception {
        Map<String, Set<String>> refs = OpenfireApiReferences.scan(ourClasses(), OpenfireApiReferences.PREFIX,
                "org/eclipse/jetty/");
        List<String> problems = brokenReferences(refs, brokenList());
        assertTrue(problems.isEmpty(), "References that fail to link on Openfire 5.1:\n" + String.join("\n", problems));
    }

    @Test
    void everyOpenfireReferenceWasVerifiedAgainst511() throws Exception {
        Set<String> verified = Set.copyOf(lines("openfire/verified-on-5.1.txt"));
        List<String> unverified = new ArrayList<>();
        Map<String, Set<String>> refs = OpenfireApiReferences.scan(ourClasses(), OpenfireApiReferences.PREFIX);
        assertTrue(refs.containsKey("org/jivesoftware/openfire/XMPPServer#getInstance()"
                + "Lorg/jivesoftware/openfire/XMPPServer;"), "the scan reads our classes: " + refs.keySet());
        refs.forEach((ref, users) -> {
            if (!verified.contains(ref)) {
                unverified.add(ref + " (used by " + users + ")");
            }
        });
        assertTrue(unverified.isEmpty(), "Openfire references not yet verified against 5.1.1; check each one's "
                + "signature in Openfire 5.1.1 and add it to openfire/verified-on-5.1.txt:\n"
                + String.join("\n", unverified));
    }

    @Test
    void theGuardCatchesABrokenCall(@TempDir Path dir) throws Exception {
        // A class that calls UserManager.isRegisteredUser(String), which exists in 4.2.0 and is gone in 5.x.
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "probe/Caller", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "call", "()Z", null, null);
        m.visitCode();
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "org/jivesoftware/openfire/user/UserManager", "getInstance",
                "()Lorg/jivesoftware/openfire/user/UserManager;", false);
        m.visitLdcInsn("romeo");
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/jivesoftware/openfire/user/UserManager", "isRegisteredUser",
                "(Ljava/lang/String;)Z", false);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        Files.createDirectories(dir.resolve("probe"));
        Files.write(dir.resolve("probe/Caller.class"), w.toByteArray());

        List<String> problems = brokenReferences(OpenfireApiReferences.scan(dir, OpenfireApiReferences.PREFIX),
                brokenList());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("isRegisteredUser"));
    }

    static List<String> brokenReferences(Map<String, Set<String>> refs, Map<String, String> broken) {
        List<String> problems = new ArrayList<>();
        refs.forEach((ref, users) -> broken.forEach((prefix, instead) -> {
            if (ref.startsWith(prefix)) {
                problems.add(ref + " in " + users + ": " + instead);
            }
        }));
        return problems;
    }

    static Map<String, String> brokenList() throws IOException {
        Map<String, String> broken = new LinkedHashMap<>();
        for (String line : lines("openfire/broken-on-5.1.txt")) {
            String[] parts = line.split(" \\| ", 2);
            broken.put(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "");
        }
        assertTrue(broken.size() >= 10, "the list of broken APIs was read");
        return broken;
    }

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = OpenfireApiGuardTest.class.getClassLoader().getResourceAsStream(resource)) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.trim());
                }
            }
            return lines;
        }
    }

    static Path ourClasses() throws URISyntaxException {
        return Path.of(MobileMessagingPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
