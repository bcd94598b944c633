# Sourced by the agent's CGI scripts. answer STATUS TEXT: the response, plain text, and the end.
answer() {
    printf 'Status: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\n' "$1" "$2"
    exit 0
}
