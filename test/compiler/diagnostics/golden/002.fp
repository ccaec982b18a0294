classes = win,unix

[tcp:response]
label = s:unix:FreeBSD:9.x
sig   = *:64:0:*:65535,6:mss,nop,ws:df,id+:0
; a comment between
label = s:unix:Mac OS X:10.x
sig   = 4:60:0:*:65535,6:mss,nop,ws:df,id+:0
