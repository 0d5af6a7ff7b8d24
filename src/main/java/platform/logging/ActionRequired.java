package platform.logging;

/**
 * Marks an exception someone must act on although the code reporting it would otherwise be logged below ERROR by
 * {@link KnownNoiseFilter}: a shard reader interrupted because another instance writes with the shard's
 * transactional id (two instances relay one shard) is such a failure; a reader that failed once and is restarted
 * is not.
 */
public interface ActionRequired {
}
