package io.github.aobackgroundjobs.azure.testing;

import static java.util.Objects.requireNonNull;

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
 * <p>{@code @ExtendWith(AzuriteExtension.class)} works too, with the default builder and the
 * instance reached through a parameter. Thread-safe.
 */
public final class AzuriteExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Supplier<Azurite> factory;
    private Azurite azurite;
    private boolean perTest;
    // The class whose tests the Azurite is for: its @Nested classes see its afterAll too.
    private String owner;

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
     * @throws IllegalStateException outside a test of the class that registered the extension
     */
    public synchronized Azurite azurite() {
        if (azurite == null) {
            throw new IllegalStateException("Azurite runs only while the tests of the registering class run.");
        }
        return azurite;
    }

    /**
     * @return the running Azurite's connection string
     * @throws IllegalStateException outside a test of the class that registered the extension
     */
    public String connectionString() {
        return azurite().connectionString();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (azurite == null) {
            azurite = factory.get();
            owner = context.getUniqueId();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            closeAzurite();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        // Registered on an instance field, the extension sees no class callbacks: one Azurite per test.
        if (azurite == null) {
            azurite = factory.get();
            perTest = true;
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (perTest) {
            closeAzurite();
            perTest = false;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (azurite == null) {
            azurite = factory.get();
            perTest = context.getTestMethod().isPresent();
            owner = perTest ? null : context.getUniqueId();
        }
        return azurite;
    }

    private void closeAzurite() {
        if (azurite != null) {
            azurite.close();
            azurite = null;
            owner = null;
        }
    }
}
