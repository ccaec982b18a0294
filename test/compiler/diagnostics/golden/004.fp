classes = win,unix
[http:request]
ua_os = Linux,Windows
label = s:!:curl:
sys   = Linux ,Windows
sig   = *:Host,User-Agent:Accept:curl/
