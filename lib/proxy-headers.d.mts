export declare const CLIENT_IP_HEADER: 'x-auth-modes-client-ip';
