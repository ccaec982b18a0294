{
  "targets": [
    {
      "target_name": "p0f_native",
      "sources": ["p0f_native.c"],
      "libraries": ["-lpcap"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
