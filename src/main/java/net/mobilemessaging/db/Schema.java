package net.mobilemessaging.db;

/** The plugin's database schema: its key in {@code ofVersion} and the version this build's scripts install. */
public final class Schema {

    /** The {@code ofVersion} row and the script names: {@code database/mobilemessaging_<type>.sql}. */
    public static final String KEY = "mobilemessaging";

    /**
     * Version 1: uploads. Version 2: push registrations. Must equal {@code databaseVersion} in plugin.xml, which
     * PluginJarIT checks.
     */
    public static final int VERSION = 2;

    private Schema() {
    }
}
