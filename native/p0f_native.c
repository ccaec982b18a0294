/*
 * p0f-ts native helper: the two things Node.js cannot do on its own.
 *   compileFilter(linktype, snaplen, expr, optimize) -> { insns: Uint32Array } | { error: string }
 *     libpcap's own filter compiler (pcap_open_dead + pcap_compile), so a filter
 *     expression selects exactly what tcpdump selects; the BPF program runs in TS.
 *   compileFilterForFile(path, expr, optimize) -> { insns, dlt } | { error: string }
 *     the same against a capture file (p0f -r), whose savefile-specific code differs.
 *   chroot(path) -> undefined | error string
 *     used by -u to confine the daemon the way p0f does.
 *   liveOpen(device, snaplen, promisc, timeoutMs, filterExpr, bufferSize) -> { handle, dlt } | { error }
 *   liveNext(handle) -> { data, sec, usec, caplen, len } | null (read timeout) | { error }
 *   liveClose(handle)
 *     live capture with the pcap header's timestamps (pcap_next_ex blocks up to the read
 *     timeout: it is meant for the capture worker process, whose event loop may block).
 */
#include <node_api.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <poll.h>

static napi_value make_string(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value error_object(napi_env env, const char *msg) {
  napi_value obj;
  napi_create_object(env, &obj);
  napi_set_named_property(env, obj, "error", make_string(env, msg));
  return obj;
}

/* Compiles expr on an open handle into { insns: Uint32Array } | { error }; frees expr, keeps p open. */
static napi_value compile_on_handle(napi_env env, pcap_t *p, char *expr, bool optimize) {
  struct bpf_program prog;
  int rc = pcap_compile(p, &prog, expr, optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN);
  free(expr);
  if (rc != 0) return error_object(env, pcap_geterr(p));
  napi_value buf, arr;
  void *data = NULL;
  size_t words = (size_t)prog.bf_len * 4;
  napi_create_arraybuffer(env, words * 4, &data, &buf);
  uint32_t *out = data;
  for (u_int i = 0; i < prog.bf_len; i++) {
    out[i * 4 + 0] = prog.bf_insns[i].code;
    out[i * 4 + 1] = prog.bf_insns[i].jt;
    out[i * 4 + 2] = prog.bf_insns[i].jf;
    out[i * 4 + 3] = prog.bf_insns[i].k;
  }
  napi_create_typedarray(env, napi_uint32_array, words, buf, 0, &arr);
  pcap_freecode(&prog);
  napi_value obj;
  napi_create_object(env, &obj);
  napi_set_named_property(env, obj, "insns", arr);
  return obj;
}

static napi_value compile_filter(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4) return error_object(env, "compileFilter expects (linktype, snaplen, expr, optimize)");
  int32_t linktype = 0, snaplen = 0;
  bool optimize = true;
  if (napi_get_value_int32(env, argv[0], &linktype) != napi_ok) return error_object(env, "linktype must be a number");
  if (napi_get_value_int32(env, argv[1], &snaplen) != napi_ok) return error_object(env, "snaplen must be a number");
  napi_get_value_bool(env, argv[3], &optimize);
  size_t len = 0;
  if (napi_get_value_string_utf8(env, argv[2], NULL, 0, &len) != napi_ok) return error_object(env, "expr must be a string");
  char *expr = malloc(len + 1);
  if (!expr) return error_object(env, "out of memory");
  napi_get_value_string_utf8(env, argv[2], expr, len + 1, &len);

  /* The caller passes a DLT value (it maps file LINKTYPEs such as 101 to DLT_RAW). */
  pcap_t *p = pcap_open_dead(linktype, snaplen);
  if (!p) { free(expr); return error_object(env, "pcap_open_dead failed"); }
  napi_value obj = compile_on_handle(env, p, expr, optimize);
  pcap_close(p);
  return obj;
}

/*
 * compileFilterForFile(path, expr, optimize) -> { insns, linktype } | { error }
 *   Compiles against the capture file itself (pcap_open_offline), as p0f does with -r.
 *   libpcap's code for a savefile differs from a live/dead handle: on DLT_NULL/LOOP it
 *   accepts the BSD AF_INET6 values (24/28/30) and honours the file's byte order.
 */
static napi_value compile_filter_for_file(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 3) return error_object(env, "compileFilterForFile expects (path, expr, optimize)");
  bool optimize = true;
  napi_get_value_bool(env, argv[2], &optimize);
  char path[4096];
  size_t plen = 0;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &plen) != napi_ok) return error_object(env, "path must be a string");
  size_t len = 0;
  if (napi_get_value_string_utf8(env, argv[1], NULL, 0, &len) != napi_ok) return error_object(env, "expr must be a string");
  char *expr = malloc(len + 1);
  if (!expr) return error_object(env, "out of memory");
  napi_get_value_string_utf8(env, argv[1], expr, len + 1, &len);
  char errbuf[PCAP_ERRBUF_SIZE];
  errbuf[0] = 0;
  pcap_t *p = pcap_open_offline(path, errbuf);
  if (!p) { free(expr); return error_object(env, errbuf); }
  int linktype = pcap_datalink(p);
  napi_value obj = compile_on_handle(env, p, expr, optimize);
  pcap_close(p);
  bool failed = false;
  napi_has_named_property(env, obj, "error", &failed);
  if (!failed) {
    napi_value lt;
    napi_create_int32(env, linktype, &lt);
    napi_set_named_property(env, obj, "dlt", lt);
  }
  return obj;
}

static napi_value do_chroot(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char path[4096];
  size_t len = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &len) != napi_ok)
    return make_string(env, "chroot expects a path");
  if (chroot(path) != 0 || chdir("/") != 0) return make_string(env, strerror(errno));
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

#define MAX_LIVE 16
static pcap_t *live_handles[MAX_LIVE];
static int live_timeouts[MAX_LIVE];

static char *get_string(napi_env env, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
  char *s = malloc(len + 1);
  if (!s) return NULL;
  napi_get_value_string_utf8(env, v, s, len + 1, &len);
  return s;
}

static napi_value live_open(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 5) return error_object(env, "liveOpen expects (device, snaplen, promisc, timeoutMs, filterExpr[, bufferSize])");
  int32_t snaplen = 65535, timeout = 100, bufsize = 0;
  bool promisc = false;
  napi_get_value_int32(env, argv[1], &snaplen);
  napi_get_value_bool(env, argv[2], &promisc);
  napi_get_value_int32(env, argv[3], &timeout);
  if (argc > 5) napi_get_value_int32(env, argv[5], &bufsize);
  int slot = -1;
  for (int i = 0; i < MAX_LIVE; i++) if (!live_handles[i]) { slot = i; break; }
  if (slot < 0) return error_object(env, "too many open capture handles");
  char *device = get_string(env, argv[0]);
  if (!device) return error_object(env, "device must be a string");
  char *expr = get_string(env, argv[4]);
  if (!expr) { free(device); return error_object(env, "filterExpr must be a string"); }
  char errbuf[PCAP_ERRBUF_SIZE];
  errbuf[0] = 0;
  pcap_t *p = pcap_create(device, errbuf);
  free(device);
  if (!p) { free(expr); return error_object(env, errbuf); }
  const char *fail = NULL;
  if (pcap_set_snaplen(p, snaplen) != 0) fail = "Unable to set snaplen";
  else if (pcap_set_promisc(p, promisc ? 1 : 0) != 0) fail = "Unable to set promiscuous mode";
  else if (bufsize > 0 && pcap_set_buffer_size(p, bufsize) != 0) fail = "Unable to set buffer size";
  else if (pcap_set_timeout(p, timeout) != 0) fail = "Unable to set read timeout";
  else if (pcap_set_immediate_mode(p, 1) != 0) fail = "Unable to set immediate mode";
  if (fail) { pcap_close(p); free(expr); return error_object(env, fail); }
  int status = pcap_activate(p);
  if (status < 0) {
    napi_value err = error_object(env, pcap_geterr(p)[0] ? pcap_geterr(p) : pcap_statustostr(status));
    pcap_close(p);
    free(expr);
    return err;
  }
  if (expr[0]) {
    struct bpf_program prog;
    if (pcap_compile(p, &prog, expr, 1, 0) != 0 || pcap_setfilter(p, &prog) != 0) {
      napi_value err = error_object(env, pcap_geterr(p));
      pcap_close(p);
      free(expr);
      return err;
    }
    pcap_freecode(&prog);
  }
  free(expr);
  /* libpcap's own read timeout does not fire on an idle TPACKET_V3 ring: poll() ourselves. */
  if (pcap_setnonblock(p, 1, errbuf) != 0) {
    napi_value err = error_object(env, errbuf);
    pcap_close(p);
    return err;
  }
  live_handles[slot] = p;
  live_timeouts[slot] = timeout;
  napi_value obj, h, dlt;
  napi_create_object(env, &obj);
  napi_create_int32(env, slot, &h);
  napi_create_int32(env, pcap_datalink(p), &dlt);
  napi_set_named_property(env, obj, "handle", h);
  napi_set_named_property(env, obj, "dlt", dlt);
  return obj;
}

static pcap_t *handle_arg(napi_env env, napi_callback_info info, int32_t *slot) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  *slot = -1;
  if (argc < 1 || napi_get_value_int32(env, argv[0], slot) != napi_ok) return NULL;
  if (*slot < 0 || *slot >= MAX_LIVE) return NULL;
  return live_handles[*slot];
}

static napi_value live_next(napi_env env, napi_callback_info info) {
  int32_t slot;
  pcap_t *p = handle_arg(env, info, &slot);
  if (!p) return error_object(env, "not an open capture handle");
  struct pcap_pkthdr *hdr;
  const u_char *bytes;
  int r = pcap_next_ex(p, &hdr, &bytes);
  if (r == 0) {
    struct pollfd pfd = { .fd = pcap_get_selectable_fd(p), .events = POLLIN };
    if (pfd.fd >= 0 && poll(&pfd, 1, live_timeouts[slot]) > 0) r = pcap_next_ex(p, &hdr, &bytes);
  }
  if (r == 0) {
    napi_value nul;
    napi_get_null(env, &nul);
    return nul;
  }
  if (r < 0) return error_object(env, r == PCAP_ERROR_BREAK ? "capture loop broken" : pcap_geterr(p));
  napi_value obj, data, v;
  napi_create_object(env, &obj);
  napi_create_buffer_copy(env, hdr->caplen, bytes, NULL, &data);
  napi_set_named_property(env, obj, "data", data);
  napi_create_double(env, (double)hdr->ts.tv_sec, &v);
  napi_set_named_property(env, obj, "sec", v);
  napi_create_double(env, (double)hdr->ts.tv_usec, &v);
  napi_set_named_property(env, obj, "usec", v);
  napi_create_uint32(env, hdr->caplen, &v);
  napi_set_named_property(env, obj, "caplen", v);
  napi_create_uint32(env, hdr->len, &v);
  napi_set_named_property(env, obj, "len", v);
  return obj;
}

static napi_value live_close(napi_env env, napi_callback_info info) {
  int32_t slot;
  pcap_t *p = handle_arg(env, info, &slot);
  if (p) {
    pcap_close(p);
    live_handles[slot] = NULL;
  }
  napi_value undef;
  napi_get_undefined(env, &undef);
  return undef;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "compileFilter", NULL, compile_filter, NULL, NULL, NULL, napi_default, NULL },
    { "chroot", NULL, do_chroot, NULL, NULL, NULL, napi_default, NULL },
    { "compileFilterForFile", NULL, compile_filter_for_file, NULL, NULL, NULL, napi_default, NULL },
    { "liveOpen", NULL, live_open, NULL, NULL, NULL, napi_default, NULL },
    { "liveNext", NULL, live_next, NULL, NULL, NULL, napi_default, NULL },
    { "liveClose", NULL, live_close, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, 6, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
