package net.mobilemessaging.testing;

import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prosody (Debian's package, installed by {@code scripts/test}) for end-to-end tests: its own generated
 * configuration and data directory, free ports on 127.0.0.1 only, external components with their secrets, and
 * accounts registered through {@code prosodyctl}. One per test class; {@link #restart} keeps ports and data.
 */
public final class ProsodyServer implements AutoCloseable {

    public final String domain;
    public final int clientPort;
    public final int componentPort;
    public final Path directory;
    private final Path config;
    private Process process;

    private ProsodyServer(String domain, Map<String, String> components, List<String> extraModules,
                          List<String> extraHostLines) throws IOException {
        this.domain = domain;
        this.clientPort = freePort();
        this.componentPort = freePort();
        this.directory = Files.createTempDirectory("mm-prosody");
        Files.createDirectories(directory.resolve("data"));
        Files.createDirectories(directory.resolve("certs"));
        this.config = directory.resolve("prosody.cfg.lua");
        List<String> modules = new ArrayList<>(List.of("roster", "saslauth", "disco", "ping", "posix", "carbons",
                "pep", "blocklist", "vcard", "private", "smacks"));
        modules.addAll(extraModules);
        StringBuilder cfg = new StringBuilder()
                .append("run_as_root = true\n")
                .append("daemonize = false\n")
                .append("pidfile = '").append(directory.resolve("prosody.pid")).append("'\n")
                .append("data_path = '").append(directory.resolve("data")).append("'\n")
                .append("certificates = '").append(directory.resolve("certs")).append("'\n")
                .append("log = { { levels = { min = 'debug' }, to = 'file', filename = '")
                .append(directory.resolve("prosody.log")).append("' } }\n")
                .append("interfaces = { '127.0.0.1' }\n")
                .append("c2s_ports = { ").append(clientPort).append(" }\n")
                .append("c2s_direct_tls_ports = {}\n")
                .append("s2s_ports = {}\n")
                .append("component_ports = { ").append(componentPort).append(" }\n")
                .append("component_interfaces = { '127.0.0.1' }\n")
                .append("http_ports = {}\nhttps_ports = {}\n")
                .append("modules_enabled = { ").append(quoted(modules)).append(" }\n")
                .append("modules_disabled = { 's2s', 'tls' }\n")
                .append("authentication = 'internal_plain'\n")
                .append("c2s_require_encryption = false\n")
                .append("allow_unencrypted_plain_auth = true\n")
                .append("allow_registration = false\n")
                .append("plugin_paths = { '/usr/lib/prosody/modules' }\n")
                .append("VirtualHost '").append(domain).append("'\n");
        for (String line : extraHostLines) {
            cfg.append("    ").append(line).append('\n');
        }
        components.forEach((address, secret) -> cfg.append("Component '").append(address).append("'\n")
                .append("    component_secret = '").append(secret).append("'\n"));
        Files.writeString(config, cfg.toString(), StandardCharsets.UTF_8);
    }

    /**
     * @param components external component addresses and their secrets
     */
    public static ProsodyServer start(String domain, Map<String, String> components, List<String> extraModules,
                                      List<String> extraHostLines) throws IOException, InterruptedException {
        ProsodyServer server = new ProsodyServer(domain, components, extraModules, extraHostLines);
        server.launch();
        return server;
    }

    public static ProsodyServer start(String domain, Map<String, String> components)
            throws IOException, InterruptedException {
        return start(domain, components, List.of(), List.of());
    }

    private static String quoted(List<String> items) {
        return String.join(", ", items.stream().map(i -> "'" + i + "'").toList());
    }

    /** Creates an account with {@code prosodyctl register}. */
    public void register(String user, String password) throws IOException, InterruptedException {
        run(List.of("prosodyctl", "--config", config.toString(), "register", user, domain, password));
    }

    /** A Smack client logged in as {@code user} over plain TCP (the test server has no TLS). */
    public XMPPTCPConnection login(String user, String password) throws Exception {
        XMPPTCPConnection connection = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHost("127.0.0.1")
                .setPort(clientPort)
                .setUsernameAndPassword(user, password)
                .setResource("e2e")
                .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled)
                .setConnectTimeout(10_000)
                .build());
        connection.setReplyTimeout(20_000);
        connection.connect().login();
        return connection;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("prosodyctl.out").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: "
                    + Files.readString(directory.resolve("prosodyctl.out")));
        }
    }

    private void launch() throws IOException, InterruptedException {
        requireInstalled();
        process = new ProcessBuilder("prosody", "--config", config.toString(), "-F").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("prosody.out").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(accepts(clientPort) && accepts(componentPort))) {
            if (!process.isAlive()) {
                throw new IOException("Prosody exited at start: " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Prosody did not open its ports within 20 s: " + log());
            }
            Thread.sleep(50);
        }
    }

    private static void requireInstalled() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/prosody"))) {
            throw new IOException("Prosody is not installed: run the tests with scripts/test, which installs it");
        }
    }

    /** Stops Prosody (as an operator's restart would) and starts it again with the same ports and data. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        while (accepts(clientPort) || accepts(componentPort)) {
            Thread.sleep(20);
        }
    }

    /** The tail of Prosody's log, for failure messages. */
    public String log() {
        try {
            String log = Files.readString(directory.resolve("prosody.out")) + "\n"
                    + (Files.exists(directory.resolve("prosody.log"))
                    ? Files.readString(directory.resolve("prosody.log")) : "");
            return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        UploadTestServer.deleteRecursively(directory);
    }
}
