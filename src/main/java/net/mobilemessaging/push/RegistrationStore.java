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

    List<Registration> ofOwner(String owner);

    boolean delete(String node);

    /**
     * Deletes the registration of {@code node} if it still has {@code token}: a device that registered again with a
     * new token keeps its node, and an answer about its old token must not delete it.
     *
     * @return whether a registration was deleted
     */
    boolean deleteIfToken(String node, String token);

    /** Deletes every registration of {@code owner} (a bare JID), in one statement; returns how many. */
    int deleteOfOwner(String owner);

    /** Records that pushes went to these nodes (batched by the caller). */
    void touch(Collection<String> nodes, Instant when);

    /** Deletes registrations last used before {@code before}; returns how many. */
    int deleteUnusedSince(Instant before);

    /** How many registrations each provider has. */
    Map<Provider, Long> countByProvider();
}
