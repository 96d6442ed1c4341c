/* ka_ssl.h - OpenSSL (libssl and the libcrypto it depends on) loaded with
 * dlopen() on first use, not linked.
 *
 * Only SSL_GET, HTTP_GET digests, genhash and VRRP's AH authentication use
 * OpenSSL, but linking it made every start map and relocate libcrypto
 * (4.7 MB, some 4,000 symbol bindings: about 0.6 ms of CPU per exec of the
 * parent, for a library most configurations never call). A file that calls
 * OpenSSL includes this header instead of <openssl/...>: the headers are
 * included here, then each function it uses is a macro reading the loaded
 * table, so the calls read as before (SSL_new(ctx) ...), macros of
 * OpenSSL's headers included (SSL_set_tlsext_host_name -> SSL_ctrl).
 *
 * The first call loads the library (SSL_SONAME from configure); when it
 * cannot be loaded or lacks a symbol, the process logs what is missing and
 * which Debian package has it, and exits (as a linked library missing at
 * exec would have stopped it). ka_ssl_load() loads it ahead of the first
 * call (a configuration that will need it), so the first packet or check
 * does not pay for it.
 */
#ifndef KA_KA_SSL_H
#define KA_KA_SSL_H

#include <stdbool.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

/* Every OpenSSL function called anywhere in keepalived-ng. */
#define KA_SSL_FUNCS(X) \
	X(BIO_free) X(BIO_new_mem_buf) \
	X(ERR_clear_error) X(ERR_error_string_n) X(ERR_get_error) X(ERR_peek_error) \
	X(EVP_DigestFinal_ex) X(EVP_DigestInit_ex) X(EVP_DigestUpdate) X(EVP_MD_CTX_copy_ex) \
	X(EVP_MD_CTX_free) X(EVP_MD_CTX_new) X(EVP_PKEY_free) X(EVP_Q_mac) X(EVP_md5) \
	X(PEM_read_bio_PrivateKey) X(PEM_read_bio_X509) X(PEM_read_bio_X509_AUX) \
	X(SSL_CTX_ctrl) X(SSL_CTX_free) X(SSL_CTX_get_cert_store) X(SSL_CTX_new) X(SSL_CTX_set_verify) \
	X(SSL_CTX_use_PrivateKey) X(SSL_CTX_use_certificate) X(SSL_CTX_use_certificate_chain_file) \
	X(SSL_connect) X(SSL_ctrl) X(SSL_do_handshake) X(SSL_free) X(SSL_get_error) \
	X(SSL_get_verify_result) X(SSL_new) X(SSL_read) X(SSL_set_connect_state) X(SSL_set_fd) \
	X(SSL_write) X(TLS_client_method) \
	X(X509_STORE_add_cert) X(X509_free) X(X509_verify_cert_error_string)

struct ka_ssl_funcs {
#define KA_SSL_PTR(f) __typeof__(f) *f;
	KA_SSL_FUNCS(KA_SSL_PTR)
#undef KA_SSL_PTR
};

/* Load OpenSSL now (once per process; later calls return at once). false,
 * with the error logged, when it cannot be loaded. */
bool ka_ssl_load(void);
/* The table, loading it on first use; exits when that fails. */
const struct ka_ssl_funcs *ka_ssl(void);

#ifndef KA_SSL_TABLE
#define BIO_free (ka_ssl()->BIO_free)
#define BIO_new_mem_buf (ka_ssl()->BIO_new_mem_buf)
#define ERR_clear_error (ka_ssl()->ERR_clear_error)
#define ERR_error_string_n (ka_ssl()->ERR_error_string_n)
#define ERR_get_error (ka_ssl()->ERR_get_error)
#define ERR_peek_error (ka_ssl()->ERR_peek_error)
#define EVP_DigestFinal_ex (ka_ssl()->EVP_DigestFinal_ex)
#define EVP_DigestInit_ex (ka_ssl()->EVP_DigestInit_ex)
#define EVP_DigestUpdate (ka_ssl()->EVP_DigestUpdate)
#define EVP_MD_CTX_copy_ex (ka_ssl()->EVP_MD_CTX_copy_ex)
#define EVP_MD_CTX_free (ka_ssl()->EVP_MD_CTX_free)
#define EVP_MD_CTX_new (ka_ssl()->EVP_MD_CTX_new)
#define EVP_PKEY_free (ka_ssl()->EVP_PKEY_free)
#define EVP_Q_mac (ka_ssl()->EVP_Q_mac)
#define EVP_md5 (ka_ssl()->EVP_md5)
#define PEM_read_bio_PrivateKey (ka_ssl()->PEM_read_bio_PrivateKey)
#define PEM_read_bio_X509 (ka_ssl()->PEM_read_bio_X509)
#define PEM_read_bio_X509_AUX (ka_ssl()->PEM_read_bio_X509_AUX)
#define SSL_CTX_ctrl (ka_ssl()->SSL_CTX_ctrl)
#define SSL_CTX_free (ka_ssl()->SSL_CTX_free)
#define SSL_CTX_get_cert_store (ka_ssl()->SSL_CTX_get_cert_store)
#define SSL_CTX_new (ka_ssl()->SSL_CTX_new)
#define SSL_CTX_set_verify (ka_ssl()->SSL_CTX_set_verify)
#define SSL_CTX_use_PrivateKey (ka_ssl()->SSL_CTX_use_PrivateKey)
#define SSL_CTX_use_certificate (ka_ssl()->SSL_CTX_use_certificate)
#define SSL_CTX_use_certificate_chain_file (ka_ssl()->SSL_CTX_use_certificate_chain_file)
#define SSL_connect (ka_ssl()->SSL_connect)
#define SSL_ctrl (ka_ssl()->SSL_ctrl)
#define SSL_do_handshake (ka_ssl()->SSL_do_handshake)
#define SSL_free (ka_ssl()->SSL_free)
#define SSL_get_error (ka_ssl()->SSL_get_error)
#define SSL_get_verify_result (ka_ssl()->SSL_get_verify_result)
#define SSL_new (ka_ssl()->SSL_new)
#define SSL_read (ka_ssl()->SSL_read)
#define SSL_set_connect_state (ka_ssl()->SSL_set_connect_state)
#define SSL_set_fd (ka_ssl()->SSL_set_fd)
#define SSL_write (ka_ssl()->SSL_write)
#define TLS_client_method (ka_ssl()->TLS_client_method)
#define X509_STORE_add_cert (ka_ssl()->X509_STORE_add_cert)
#define X509_free (ka_ssl()->X509_free)
#define X509_verify_cert_error_string (ka_ssl()->X509_verify_cert_error_string)
#endif

#endif
