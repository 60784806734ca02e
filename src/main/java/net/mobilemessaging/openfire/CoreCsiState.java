package net.mobilemessaging.openfire;

import org.jivesoftware.openfire.session.LocalClientSession;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Core's XEP-0352 state of a session. Core processes {@code <active/>} and {@code <inactive/>} itself (plugins never
 * see those nonzas) and exposes the result as {@code LocalClientSession.getCsiManager().isActive()}, which exists in
 * Openfire 4.8 and later but not in the 4.2.0 API we compile against: {@link #reflective} reaches it by reflection,
 * resolved once.
 */
interface CoreCsiState {

    /** Whether this Openfire tracks CSI at all. */
    boolean available();

    /** The session's state; active when unknown, so that nothing is ever held by mistake. */
    boolean isActive(LocalClientSession session);

    static CoreCsiState reflective() {
        return reflective(LocalClientSession.class);
    }

    /** Resolves {@code getCsiManager().isActive()} on {@code sessionType}; unavailable if either is missing. */
    static CoreCsiState reflective(Class<?> sessionType) {
        MethodHandle handle;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> managerType = sessionType.getMethod("getCsiManager").getReturnType();
            MethodHandle getManager = lookup.findVirtual(sessionType, "getCsiManager",
                    MethodType.methodType(managerType));
            MethodHandle managerIsActive = lookup.findVirtual(managerType, "isActive",
                    MethodType.methodType(boolean.class));
            handle = MethodHandles.filterReturnValue(getManager, managerIsActive)
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(CoreCsiState.class).warn(
                    "This Openfire has no Client State Indication (4.8 or later is needed); CSI handling is off");
            handle = null;
        }
        MethodHandle isActive = handle;
        return new CoreCsiState() {
            @Override
            public boolean available() {
                return isActive != null;
            }

            @Override
            public boolean isActive(LocalClientSession session) {
                return activeOf(isActive, session);
            }
        };
    }

    /** Invokes the resolved handle; active when there is none, or when core's answer cannot be had. */
    private static boolean activeOf(MethodHandle isActive, Object session) {
        if (isActive == null) {
            return true;
        }
        try {
            return (boolean) isActive.invokeExact(session);
        } catch (Throwable t) {
            return true;
        }
    }
}
