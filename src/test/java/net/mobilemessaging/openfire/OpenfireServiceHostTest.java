package net.mobilemessaging.openfire;

import net.mobilemessaging.xmpp.DiscoInfo;
import net.mobilemessaging.xmpp.HostedService;
import net.mobilemessaging.xmpp.ServiceComponent;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.http.HttpBindManager;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;

/**
 * How a service is registered with Openfire and taken out again, including when a step fails half-way: Mockito
 * stands in for InternalComponentManager, HttpBindManager and the property events; the service is a small one of
 * ours with a real component and servlet context.
 */
class OpenfireServiceHostTest {

    private final List<MockedStatic<?>> statics = new ArrayList<>();
    /** What Openfire has registered right now: "component upload", "handler …". */
    private final List<Object> registered = new CopyOnWriteArrayList<>();
    private final List<PropertyEventListener> propertyListeners = new CopyOnWriteArrayList<>();
    private final List<TestService> started = new CopyOnWriteArrayList<>();
    private volatile boolean componentsRefused;
    private volatile boolean handlersRefused;

    /** A service with a real component and servlet context, that counts its closes. */
    private final class TestService implements HostedService {
        final ServiceComponent component = new ServiceComponent("test", "Test service", "1",
                () -> new DiscoInfo("component", "generic", "Test service", List.of(), List.of()), Map.of());
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger reloads = new AtomicInteger();
        volatile Change onReload = Change.APPLIED;

        @Override
        public String subdomain() {
            return "upload";
        }

        @Override
        public ServiceComponent component() {
            return component;
        }

        @Override
        public ServletContextHandler newHttpContext() {
            return new ServletContextHandler(null, "/upload", ServletContextHandler.NO_SESSIONS);
        }

        @Override
        public Change reload() {
            reloads.incrementAndGet();
            return onReload;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @BeforeEach
    void openfire() throws Exception {
        InternalComponentManager components = mock(InternalComponentManager.class);
        Mockito.doAnswer(i -> {
            if (componentsRefused) {
                throw new ComponentException("subdomain taken");
            }
            return registered.add(i.getArgument(1));
        }).when(components).addComponent(anyString(), any(Component.class));
        Mockito.doAnswer(i -> registered.remove(i.<Object>getArgument(1)))
                .when(components).removeComponent(anyString(), any(Component.class));
        stub(InternalComponentManager.class).when(InternalComponentManager::getInstance).thenReturn(components);
        HttpBindManager http = mock(HttpBindManager.class);
        Mockito.doAnswer(i -> {
            if (handlersRefused) {
                throw new IllegalStateException("Jetty refused the handler");
            }
            return registered.add(i.getArgument(0));
        }).when(http).addJettyHandler(any(Handler.class));
        Mockito.doAnswer(i -> registered.remove(i.<Object>getArgument(0))).when(http).removeJettyHandler(any());
        stub(HttpBindManager.class).when(HttpBindManager::getInstance).thenReturn(http);
        MockedStatic<PropertyEventDispatcher> events = stub(PropertyEventDispatcher.class);
        events.when(() -> PropertyEventDispatcher.addListener(any()))
                .thenAnswer(i -> propertyListeners.add(i.getArgument(0)));
        events.when(() -> PropertyEventDispatcher.removeListener(any()))
                .thenAnswer(i -> propertyListeners.remove(i.<Object>getArgument(0)));
    }

    private <T> MockedStatic<T> stub(Class<T> type) {
        MockedStatic<T> mocked = Mockito.mockStatic(type);
        statics.add(mocked);
        return mocked;
    }

    @AfterEach
    void shutdown() {
        statics.forEach(MockedStatic::close);
    }

    private OpenfireServiceHost<TestService> host() {
        return OpenfireServiceHost.start("test service", "mobilemessaging.test.", Set.of("mobilemessaging.test.secret"),
                () -> {
                    TestService service = new TestService();
                    started.add(service);
                    return service;
                });
    }

    private void propertySet(String key) {
        propertyListeners.forEach(l -> l.propertySet(key, Map.of()));
    }

    @Test
    void aRunningServiceHasItsComponentAndHandlerRegisteredAndCloseRemovesEverything() {
        OpenfireServiceHost<TestService> host = host();
        TestService service = host.service();
        assertNotNull(service);
        assertEquals(2, registered.size(), "component and HTTP handler: " + registered);
        assertSame(service.component, registered.get(0));
        assertEquals(1, propertyListeners.size());

        host.close();
        assertTrue(registered.isEmpty());
        assertTrue(propertyListeners.isEmpty());
        assertEquals(1, service.closes.get());
        propertySet("mobilemessaging.test.enabled");
        assertEquals(1, started.size(), "an event after close starts nothing");
    }

    @Test
    void aSettingThatNeedsANewServiceReplacesItAndOthersAreAppliedInPlace() {
        OpenfireServiceHost<TestService> host = host();
        TestService first = host.service();
        propertySet("mobilemessaging.test.maxFileSize");
        assertSame(first, host.service(), "applied in place");
        propertySet("mobilemessaging.other.key");
        assertEquals(1, first.reloads.get(), "other prefixes change nothing");
        propertySet("mobilemessaging.test.secret");
        assertEquals(2, first.reloads.get(), "a running service is told of a changed secret (another node's)");
        assertEquals(1, started.size());

        first.onReload = HostedService.Change.NEEDS_RESTART;
        propertySet("mobilemessaging.test.subdomain");
        TestService second = host.service();
        assertEquals(2, started.size());
        assertEquals(1, first.closes.get());
        assertEquals(List.of(second.component), registered.subList(0, 1));
        assertEquals(2, registered.size(), "only the new service's component and handler");
        host.close();
    }

    @Test
    void aComponentThatCannotBeRegisteredLeavesNothingAndSaysWhy() {
        componentsRefused = true;
        OpenfireServiceHost<TestService> host = host();
        assertNull(host.service());
        assertTrue(registered.isEmpty());
        assertEquals(1, started.get(0).closes.get(), "the service built for it is closed");
        assertTrue(host.lastError().contains("could not register upload: subdomain taken"), host.lastError());

        // Once the cause is gone, the next setting change starts it
        componentsRefused = false;
        propertySet("mobilemessaging.test.subdomain");
        assertNotNull(host.service());
        assertNull(host.lastError());
        assertEquals(2, registered.size());
        host.close();
    }

    @Test
    void aServletThatCannotBeMountedTakesItsComponentOutAgain() {
        handlersRefused = true;
        OpenfireServiceHost<TestService> host = host();
        assertNull(host.service());
        assertTrue(registered.isEmpty(), "no component left registered that nobody tracks: " + registered);
        assertEquals(1, started.get(0).closes.get());
        assertTrue(host.lastError().contains("could not serve HTTP: Jetty refused the handler"), host.lastError());
        host.close();
        assertEquals(1, started.get(0).closes.get(), "closed once");
    }

    @Test
    void anIgnoredKeyDoesNotStartAStoppedService() {
        componentsRefused = true;
        OpenfireServiceHost<TestService> host = host();
        assertNull(host.service());
        componentsRefused = false;
        propertySet("mobilemessaging.test.secret"); // as a starting service stores its secret
        assertEquals(1, started.size(), "not started again");
        assertNull(host.service());
        host.close();
    }

    @Test
    void aServiceThatFailsToStartSaysWhyAndOneThatIsDisabledIsNoError() {
        OpenfireServiceHost<TestService> failing = OpenfireServiceHost.start("test service", "mobilemessaging.test.",
                Set.of(), () -> {
                    throw new IllegalStateException("the upload directory is not writable");
                });
        assertNull(failing.service());
        assertTrue(failing.lastError().contains("could not start: the upload directory is not writable"));
        assertTrue(registered.isEmpty());
        failing.close();

        OpenfireServiceHost<TestService> disabled = OpenfireServiceHost.start("test service",
                "mobilemessaging.test.", Set.of(), OpenfireServiceHost.startIfEnabled(() -> false, TestService::new));
        assertNull(disabled.service());
        assertNull(disabled.lastError());
        assertTrue(registered.isEmpty());
        disabled.close();
    }
}
