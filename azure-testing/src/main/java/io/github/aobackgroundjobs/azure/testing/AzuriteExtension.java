package io.github.aobackgroundjobs.azure.testing;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link Azurite} per test class (registered on a static
 * field; its {@code @Nested} classes share it) or per test (on an instance field), closes it once
 * they have run, and injects it into test and lifecycle method parameters of type {@link
 * Azurite}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final AzuriteExtension AZURITE = new AzuriteExtension();
 *
 * @Test
 * void sends() {
 *     QueueClient queue = new QueueClientBuilder()
 *             .connectionString(AZURITE.connectionString())
 *             .queueName("orders").buildClient();
 * }
 * }</pre>
 *
 * <p>One registration may serve several classes at once: a static field of a shared base class
 * is one extension for every subclass, and JUnit may run those classes in parallel. The extension
 * counts the classes (and {@code @Nested} classes) running with it: the first to start starts
 * Azurite, all of them share it on the same ports, and the last to end closes it, so no class
 * loses Azurite while another one's tests still run. A class that starts after all the others
 * have ended gets a new Azurite.
 *
 * <p>{@code @ExtendWith(AzuriteExtension.class)} works too, with the default builder and the
 * instance reached through a parameter. Two registrations that serve the same test (two fields,
 * or a {@code @Nested} class's own beside its outer class's) each run an Azurite, reached through
 * their fields; an {@link Azurite} parameter there is ambiguous and JUnit fails the method with
 * "Discovered multiple competing ParameterResolvers", as extensions cannot see each other.
 *
 * <p>Thread-safe: the methods that read or change the running Azurite hold the instance's lock.
 */
public final class AzuriteExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Supplier<Azurite> factory;
    private Azurite azurite;
    // The class and test contexts running with the Azurite; it closes when the last one ends.
    // Identity, not unique ids: two launcher runs of one class have the same ids.
    private final Set<ExtensionContext> users = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Azurite from {@link Azurite#builder()}: queue and blob, in memory, the mode from the settings. */
    public AzuriteExtension() {
        this(Azurite.builder());
    }

    /**
     * @param builder how to start Azurite, e.g. {@code Azurite.builder().mode(Azurite.Mode.DOCKER)}
     */
    public AzuriteExtension(AzuriteBuilder builder) {
        requireNonNull(builder, "'builder' cannot be null.");
        this.factory = builder::build;
    }

    /**
     * @return the running Azurite
     * @throws IllegalStateException outside a test of a class that registered the extension
     */
    public synchronized Azurite azurite() {
        if (azurite == null) {
            throw new IllegalStateException("Azurite runs only while the tests of the registering class run.");
        }
        return azurite;
    }

    /**
     * @return the running Azurite's connection string
     * @throws IllegalStateException outside a test of a class that registered the extension
     */
    public String connectionString() {
        return azurite().connectionString();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        use(context);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        release(context);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        // Registered on an instance field, the extension sees no class callbacks: one Azurite per test.
        if (azurite == null) {
            use(context);
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        release(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (azurite == null) {
            use(context);
        }
        return azurite;
    }

    private void use(ExtensionContext context) {
        if (azurite == null) {
            azurite = factory.get();
        }
        users.add(context);
    }

    private void release(ExtensionContext context) {
        if (users.remove(context) && users.isEmpty()) {
            Azurite running = azurite;
            azurite = null;
            running.close();
        }
    }
}
