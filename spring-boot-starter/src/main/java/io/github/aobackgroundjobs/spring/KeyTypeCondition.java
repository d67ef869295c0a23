package io.github.aobackgroundjobs.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches the repository bean of the configured {@code backgroundjobs.jdbc.key-type}. The value
 * is bound here, while conditions are evaluated: a value that is neither {@code long} nor
 * {@code uuid} then fails the start with Spring Boot's bind failure naming the property, instead
 * of leaving no repository and a missing-bean failure that names a job bean.
 */
abstract class KeyTypeCondition extends SpringBootCondition {

    private static final String PROPERTY = "backgroundjobs.jdbc.key-type";

    private final BackgroundJobsProperties.KeyType wanted;

    KeyTypeCondition(BackgroundJobsProperties.KeyType wanted) {
        this.wanted = wanted;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BackgroundJobsProperties.KeyType configured = Binder.get(context.getEnvironment())
                .bind(PROPERTY, BackgroundJobsProperties.KeyType.class)
                .orElse(BackgroundJobsProperties.KeyType.LONG);
        return configured == wanted
                ? ConditionOutcome.match(PROPERTY + " is " + configured)
                : ConditionOutcome.noMatch(PROPERTY + " is " + configured + ", not " + wanted);
    }

    /** {@code long}, the default. */
    static final class LongKeys extends KeyTypeCondition {
        LongKeys() {
            super(BackgroundJobsProperties.KeyType.LONG);
        }
    }

    /** {@code uuid}. */
    static final class UuidKeys extends KeyTypeCondition {
        UuidKeys() {
            super(BackgroundJobsProperties.KeyType.UUID);
        }
    }
}
