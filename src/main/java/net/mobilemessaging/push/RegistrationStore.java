package net.mobilemessaging.push;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Push registrations, durable and shared by every cluster node. Database trouble surfaces as
 * {@link net.mobilemessaging.db.DatabaseException}; every method either completes or changes nothing.
 */
public interface RegistrationStore {

    /**
     * Inserts, or updates the registration with the same owner, device, room and app: it keeps its node and knock
     * token and takes the new secret (hash), token and keys.
     */
    Registration save(Registration registration);

    Optional<Registration> byNode(String node);

    Optional<Registration> byKnockToken(String knockToken);

    /** The registration of this owner, device, room (null: none) and app, if any. */
    Optional<Registration> find(String owner, String deviceId, String muc, String appId);

    List<Registration> ofOwner(String owner);

    boolean delete(String node);

    /** Records that pushes went to these nodes (batched by the caller). */
    void touch(Collection<String> nodes, Instant when);

    /** Deletes registrations last used before {@code before}; returns how many. */
    int deleteUnusedSince(Instant before);

    /** How many registrations each provider has. */
    Map<Provider, Long> countByProvider();
}
