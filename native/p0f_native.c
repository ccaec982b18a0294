/*
 * p0f-ts native helper: the two things Node.js cannot do on its own.
 *   compileFilter(linktype, snaplen, expr, optimize) -> { insns: Uint32Array } | { error: string }
 *     libpcap's own filter compiler (pcap_open_dead + pcap_compile), so a filter
 *     expression selects exactly what tcpdump selects; the BPF program runs in TS.
 *   compileFilterForFile(path, expr, optimize) -> { insns, dlt } | { error: string }
 *     the same against a capture file (p0f -r), whose savefile-specific code differs.
 *   chroot(path) -> undefined | error string
 *     used by -u to confine the daemon the way p0f does.
 */
#include <node_api.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

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
  struct bpf_program prog;
  if (pcap_compile(p, &prog, expr, optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN) != 0) {
    napi_value err = error_object(env, pcap_geterr(p));
    pcap_close(p);
    free(expr);
    return err;
  }
  free(expr);
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
  pcap_close(p);
  napi_value obj;
  napi_create_object(env, &obj);
  napi_set_named_property(env, obj, "insns", arr);
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
  struct bpf_program prog;
  if (pcap_compile(p, &prog, expr, optimize ? 1 : 0, PCAP_NETMASK_UNKNOWN) != 0) {
    napi_value err = error_object(env, pcap_geterr(p));
    pcap_close(p);
    free(expr);
    return err;
  }
  free(expr);
  int linktype = pcap_datalink(p);
  napi_value buf, arr, lt;
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
  pcap_close(p);
  napi_value obj;
  napi_create_object(env, &obj);
  napi_set_named_property(env, obj, "insns", arr);
  napi_create_int32(env, linktype, &lt);
  napi_set_named_property(env, obj, "dlt", lt);
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

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "compileFilter", NULL, compile_filter, NULL, NULL, NULL, napi_default, NULL },
    { "chroot", NULL, do_chroot, NULL, NULL, NULL, napi_default, NULL },
    { "compileFilterForFile", NULL, compile_filter_for_file, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, 3, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
