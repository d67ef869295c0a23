package io.github.aobackgroundjobs.azure.internal;

import com.azure.storage.queue.models.QueueErrorCode;
import com.azure.storage.queue.models.QueueStorageException;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.azure.AzureQueueRequestException;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;

/**
 * Maps the Azure SDK's errors onto the {@code JobQueue} contract: what may pass (connection
 * refused, timeout, throttling, 5xx) becomes {@link JobQueueUnavailableException} so hosts back
 * off; credentials the service refuses (401, 403) become {@link JobQueueAccessDeniedException}
 * naming the account, which hosts also back off from but report as an error; a stale receipt
 * becomes {@link MessageReceiptExpiredException}; anything else is a request the service will
 * keep refusing.
 */
public final class AzureErrors {

    private AzureErrors() {}

    /**
     * @param e an SDK error
     * @return whether the queue itself does not exist
     */
    public static boolean isQueueNotFound(RuntimeException e) {
        QueueStorageException qse = storageError(e);
        return qse != null && QueueErrorCode.QUEUE_NOT_FOUND.equals(qse.getErrorCode());
    }

    /** The sync client sometimes wraps the service's error (in an ExecutionException's wrapper). */
    private static QueueStorageException storageError(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof QueueStorageException qse) {
                return qse;
            }
        }
        return null;
    }

    /**
     * @param e an SDK error from an update or delete of one message
     * @return whether the receipt is stale or the message (or its queue) is gone
     */
    public static boolean isReceiptExpired(RuntimeException e) {
        QueueStorageException qse = storageError(e);
        if (qse == null) {
            return false;
        }
        return qse.getStatusCode() == 404 || QueueErrorCode.POP_RECEIPT_MISMATCH.equals(qse.getErrorCode());
    }

    /**
     * Translates an error of a call on a message.
     *
     * @param account the storage account, for the message
     * @param queueName the queue
     * @param messageId the message
     * @param operation what was being done, for the message
     * @param e the SDK's error
     * @return the exception to throw
     */
    public static RuntimeException onMessage(
            String account, String queueName, String messageId, String operation, RuntimeException e) {
        QueueStorageException qse = storageError(e);
        if (qse != null && isAccessDenied(qse.getStatusCode())) {
            return accessDenied(account, queueName, operation, qse, e);
        }
        if (isReceiptExpired(e)) {
            return new MessageReceiptExpiredException(queueName, messageId, e);
        }
        return translate(account, queueName, operation, e);
    }

    /**
     * Translates an error of any other call.
     *
     * @param account the storage account, for the message
     * @param queueName the queue
     * @param operation what was being done, for the message
     * @param e the SDK's error
     * @return the exception to throw
     */
    public static RuntimeException translate(String account, String queueName, String operation, RuntimeException e) {
        QueueStorageException qse = storageError(e);
        if (qse != null) {
            int status = qse.getStatusCode();
            if (isAccessDenied(status)) {
                return accessDenied(account, queueName, operation, qse, e);
            }
            if (status >= 500 || status == 408 || status == 429) {
                return new JobQueueUnavailableException(
                        queueName, operation + " failed with HTTP " + status + " (" + qse.getErrorCode() + ").", e);
            }
            return new AzureQueueRequestException(
                    queueName,
                    operation + " was refused with HTTP " + status + " (" + qse.getErrorCode() + "): "
                            + firstLine(qse.getServiceMessage()),
                    qse);
        }
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
            return e;
        }
        // Connection refused, reset, timeouts: the SDK wraps them in various unchecked types.
        return new JobQueueUnavailableException(queueName, operation + " failed: " + rootMessage(e), e);
    }

    private static boolean isAccessDenied(int status) {
        return status == 401 || status == 403;
    }

    private static JobQueueAccessDeniedException accessDenied(
            String account, String queueName, String operation, QueueStorageException qse, RuntimeException e) {
        return new JobQueueAccessDeniedException(
                queueName,
                "storage account '" + account + "' refused this process's credentials (" + operation + ": HTTP "
                        + qse.getStatusCode() + " " + qse.getErrorCode() + "). Check the account key of the"
                        + " connection string, the SAS token's expiry and permissions, or the identity's role"
                        + " on the queue.",
                e);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < 10; depth++) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
