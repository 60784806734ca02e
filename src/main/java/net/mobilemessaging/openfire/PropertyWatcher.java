package net.mobilemessaging.openfire;

import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;

import java.util.Map;
import java.util.function.Consumer;

/** Calls back when an Openfire system property under a prefix is set or deleted, on this node or another. */
public final class PropertyWatcher implements PropertyEventListener, AutoCloseable {

    private final String prefix;
    private final Consumer<String> onChange;

    private PropertyWatcher(String prefix, Consumer<String> onChange) {
        this.prefix = prefix;
        this.onChange = onChange;
    }

    /** Registers a watcher; {@link #close} unregisters it. */
    public static PropertyWatcher watch(String prefix, Consumer<String> onChange) {
        PropertyWatcher watcher = new PropertyWatcher(prefix, onChange);
        PropertyEventDispatcher.addListener(watcher);
        return watcher;
    }

    @Override
    public void propertySet(String property, Map<String, Object> params) {
        if (property != null && property.startsWith(prefix)) {
            onChange.accept(property);
        }
    }

    @Override
    public void propertyDeleted(String property, Map<String, Object> params) {
        propertySet(property, params);
    }

    @Override
    public void xmlPropertySet(String property, Map<String, Object> params) {
        // settings live in the database, not in openfire.xml
    }

    @Override
    public void xmlPropertyDeleted(String property, Map<String, Object> params) {
        // settings live in the database, not in openfire.xml
    }

    @Override
    public void close() {
        PropertyEventDispatcher.removeListener(this);
    }
}
