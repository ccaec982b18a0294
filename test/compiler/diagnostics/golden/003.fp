[tcp:request]
label = s:unix:Linux:	x
sig = *:64:0:*:*,*:mss::0
