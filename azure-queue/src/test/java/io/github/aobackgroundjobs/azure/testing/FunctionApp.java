package io.github.aobackgroundjobs.azure.testing;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The annotated functions of an app class as the host sees them: which queue or timer
 * triggers each, with {@code %setting%} names resolved and disabled functions left out, and
 * how each is called with its bindings.
 */
final class FunctionApp {

    private static final Pattern SETTING = Pattern.compile("%([^%]+)%");
    private static final String DEFAULT_CONNECTION = "AzureWebJobsStorage";

    /** A queue-triggered function. */
    record QueueFunction(String name, Method method, String queueName, String connection) {}

    private final Map<String, QueueFunction> queueFunctions = new LinkedHashMap<>();
    private final Map<String, Method> timerFunctions = new LinkedHashMap<>();

    FunctionApp(Class<?> functionsClass, Map<String, String> settings) {
        for (Method method : functionsClass.getMethods()) {
            FunctionName name = method.getAnnotation(FunctionName.class);
            if (name == null || "true".equalsIgnoreCase(settings.get("AzureWebJobs." + name.value() + ".Disabled"))) {
                continue;
            }
            scan(name.value(), method, settings);
        }
        if (queueFunctions.isEmpty() && timerFunctions.isEmpty()) {
            throw new IllegalArgumentException(functionsClass + " has no @FunctionName queue or timer function.");
        }
    }

    Map<String, QueueFunction> queueFunctions() {
        return queueFunctions;
    }

    Map<String, Method> timerFunctions() {
        return timerFunctions;
    }

    /**
     * Calls a function method with its bindings.
     *
     * @return what the method threw, or null
     */
    static Throwable invoke(
            Method method, Object instance, SimulatedExecutionContext context, String payload, QueueMessage message) {
        Parameter[] parameters = method.getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            if (p.isAnnotationPresent(QueueTrigger.class) || p.isAnnotationPresent(TimerTrigger.class)) {
                args[i] = payload;
            } else if (ExecutionContext.class.isAssignableFrom(p.getType())) {
                args[i] = context;
            } else {
                args[i] = metadata(p, message);
            }
        }
        try {
            method.invoke(instance, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + method, e);
        }
    }

    private static Object metadata(Parameter p, QueueMessage message) {
        String name = p.getAnnotation(BindingName.class).value();
        Object value = switch (name) {
            case "DequeueCount" -> message.dequeueCount();
            case "Id" -> message.messageId();
            case "PopReceipt" -> message.popReceipt();
            case "InsertionTime" -> String.valueOf(message.insertedAt());
            default -> throw new IllegalStateException("Unsupported binding name " + name);
        };
        if (p.getType() == String.class) {
            return value.toString();
        }
        if (p.getType() == int.class || p.getType() == Integer.class) {
            return ((Long) value).intValue();
        }
        return value;
    }

    private void scan(String name, Method method, Map<String, String> settings) {
        String queueName = null;
        String connection = null;
        boolean timer = false;
        for (Parameter p : method.getParameters()) {
            QueueTrigger trigger = p.getAnnotation(QueueTrigger.class);
            if (trigger != null) {
                queueName = resolve(trigger.queueName(), settings);
                connection = trigger.connection().isEmpty() ? DEFAULT_CONNECTION : trigger.connection();
            } else if (p.isAnnotationPresent(TimerTrigger.class)) {
                timer = true;
            } else if (!ExecutionContext.class.isAssignableFrom(p.getType())
                    && !isSupportedMetadata(p.getAnnotation(BindingName.class))) {
                throw new IllegalArgumentException("Function " + name + ": the simulator cannot bind parameter '"
                        + p.getName() + "' of type " + p.getType().getSimpleName());
            }
        }
        if (queueName != null) {
            queueFunctions.put(name, new QueueFunction(name, method, queueName, connection));
        } else if (timer) {
            timerFunctions.put(name, method);
        }
    }

    private static boolean isSupportedMetadata(BindingName binding) {
        return binding != null
                && List.of("DequeueCount", "Id", "PopReceipt", "InsertionTime").contains(binding.value());
    }

    private static String resolve(String expression, Map<String, String> settings) {
        Matcher m = SETTING.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = settings.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("No setting '" + m.group(1) + "' for '" + expression + "'.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Base64-decodes as the host does; text that is not base64 fails the invocation. */
    static String decodeBase64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The input is not a valid Base-64 string: " + e.getMessage(), e);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            // The host decodes leniently; a replacement character keeps the function's view the same.
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
