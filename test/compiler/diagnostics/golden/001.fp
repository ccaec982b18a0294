classes = win,unix
[tcp:request]
label = s:unix:Linux:3.x
sig   = *:64:0x:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0
