namespace MlopsKit;

/// <summary>Base of every error MlopsKit reports to a user; the message says what went wrong and what to do.</summary>
public abstract class MlopsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An invalid configuration file, option value or tracked-file schema.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : MlopsException(message, inner);

/// <summary>A file, target, revision or object that does not exist.</summary>
public sealed class NotFoundException(string message) : MlopsException(message);

/// <summary>The operation would overwrite or delete work that exists nowhere else.</summary>
public sealed class ConflictException(string message) : MlopsException(message);

/// <summary>A remote that cannot be reached, read or written.</summary>
public sealed class RemoteException(string message, Exception? inner = null) : MlopsException(message, inner);

/// <summary>Content whose hash does not match its recorded name.</summary>
public sealed class IntegrityException(string message) : MlopsException(message);
