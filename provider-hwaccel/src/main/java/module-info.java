/**
 * Native, hardware-accelerated engines reached through JNI (Conscrypt/BoringSSL, ACCP/AWS-LC). Its
 * engines arrive with their own issue; until then it provides nothing, so discovery lists no native
 * engine rather than a placeholder.
 */
module dev.qsafe.provider.hwaccel {
    requires dev.qsafe.api;
}
